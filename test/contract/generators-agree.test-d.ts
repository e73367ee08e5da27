import { describe, expectTypeOf, test } from 'vitest';
import type * as HeyApi from '../../generated/hey-api/types.gen.js';
import type { components, operations } from '../../generated/schema.js';

// hey-api and openapi-typescript read the same fragment independently; where they disagree, one of them (or the
// fragment) is wrong. Each check fails the typecheck, so `npm test` and `npm run typecheck` both catch it.
type Schemas = components['schemas'];
type JsonBody<O extends keyof operations> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Ok<O extends keyof operations, Status extends number> =
  operations[O]['responses'] extends Record<Status, { content: { 'application/json': infer B } }> ? B : never;

/** True when each type is assignable to the other. */
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('hey-api and openapi-typescript types of the fragment', () => {
  test('PasswordStage and its nested FlowSet agree field by field', () => {
    expectTypeOf<MutuallyAssignable<HeyApi.PasswordStage, Schemas['PasswordStage']>>().toEqualTypeOf<true>();
    expectTypeOf<HeyApi.PasswordStage>().toEqualTypeOf<Schemas['PasswordStage']>();
    expectTypeOf<HeyApi.FlowSet>().toEqualTypeOf<Schemas['FlowSet']>();
    expectTypeOf<HeyApi.UsedBy>().toEqualTypeOf<Schemas['UsedBy']>();
  });

  test('the create, update and patch request bodies agree', () => {
    expectTypeOf<
      MutuallyAssignable<NonNullable<HeyApi.StagesPasswordCreateData['body']>, JsonBody<'stages_password_create'>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      MutuallyAssignable<NonNullable<HeyApi.StagesPasswordUpdateData['body']>, JsonBody<'stages_password_update'>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      MutuallyAssignable<
        NonNullable<HeyApi.StagesPasswordPartialUpdateData['body']>,
        JsonBody<'stages_password_partial_update'>
      >
    >().toEqualTypeOf<true>();
    expectTypeOf<HeyApi.PasswordStageRequest>().toEqualTypeOf<Schemas['PasswordStageRequest']>();
    expectTypeOf<HeyApi.PatchedPasswordStageRequest>().toEqualTypeOf<Schemas['PatchedPasswordStageRequest']>();
  });

  test('the list page and the answers of retrieve and used_by agree', () => {
    expectTypeOf<
      MutuallyAssignable<HeyApi.StagesPasswordListResponses[200], Ok<'stages_password_list', 200>>
    >().toEqualTypeOf<true>();
    expectTypeOf<HeyApi.PaginatedPasswordStageList>().toEqualTypeOf<Schemas['PaginatedPasswordStageList']>();
    expectTypeOf<HeyApi.StagesPasswordRetrieveResponses[200]>().toEqualTypeOf<Ok<'stages_password_retrieve', 200>>();
    expectTypeOf<HeyApi.StagesPasswordUsedByListResponses[200]>().toEqualTypeOf<
      Ok<'stages_password_used_by_list', 200>
    >();
  });
});
