import { expectTypeOf, test } from 'vitest';
import type { Client } from '../../generated/hey-api/client/index.js';
import {
  createAuthentikClient,
  type PaginatedPasswordStageList,
  type PasswordStage,
  type WithResponse,
} from '../../src/index.js';

const authentik = createAuthentikClient({ baseUrl: 'https://authentik.example.com/api/v3', token: 't' });

test('withResponse.listAll is an async iterator of { data: page, response }, as the other withResponse calls are', () => {
  expectTypeOf(authentik.passwordStages.withResponse.listAll).returns.toEqualTypeOf<
    AsyncIterableIterator<WithResponse<PaginatedPasswordStageList>>
  >();
  expectTypeOf(authentik.passwordStages.withResponse.retrieve).returns.resolves.toEqualTypeOf<
    WithResponse<PasswordStage>
  >();
  expectTypeOf(authentik.passwordStages.listAll).returns.toEqualTypeOf<AsyncIterableIterator<PasswordStage>>();
});

test('every call of withResponse mirrors a call of passwordStages', () => {
  expectTypeOf<keyof typeof authentik.passwordStages.withResponse>().toEqualTypeOf<
    Exclude<keyof typeof authentik.passwordStages, 'withResponse'>
  >();
});

test("an SDK client's generated client is public and typed", () => {
  expectTypeOf(authentik.client).toEqualTypeOf<Client>();
});
