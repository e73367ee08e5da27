import { afterEach, describe, expect, test } from 'vitest';
import {
  Backend,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  isAuthentikError,
  type PasswordStage,
} from '../src/index.js';
import { DOCUMENTED_EXAMPLE, STAGE_UUID, prismClient } from './helpers.js';

// Every call in this file goes to the Prism mock built from openapi/password-stage.yaml.
const { client, violations } = prismClient();
afterEach(() => {
  expect(violations, 'requests Prism flagged as breaking the contract').toEqual([]);
});

describe('password stages against the mock of the fragment', () => {
  test('retrieve resolves to the documented example stage itself, not an envelope', async () => {
    const stage = await client.passwordStages.retrieve(STAGE_UUID);
    expect(stage).toEqual(DOCUMENTED_EXAMPLE);
    expect(stage.backends).toContain(Backend.Inbuilt);
  });

  test('list resolves to one page with pagination and results', async () => {
    const page = await client.passwordStages.list({ search: 'login', ordering: 'name', page: 1, page_size: 20, allow_show_password: true });
    expect(page.pagination.next).toBe(0);
    expect(page.results[0]).toEqual(DOCUMENTED_EXAMPLE);
  });

  test('listAll yields every stage of every page and stops when the server reports no next page', async () => {
    const stages: PasswordStage[] = [];
    for await (const stage of client.passwordStages.listAll({ name: 'string' })) stages.push(stage);
    expect(stages).toEqual([DOCUMENTED_EXAMPLE]);
  });

  test('create sends a valid body and resolves to the created stage', async () => {
    const created = await client.passwordStages.create({
      name: 'default-password',
      backends: [Backend.Inbuilt, Backend.LDAP],
      configure_flow: null,
      failed_attempts_before_cancel: 5,
      allow_show_password: false,
    });
    expect(created.pk).toBe(STAGE_UUID);
  });

  test('update replaces a stage and resolves to it', async () => {
    const updated = await client.passwordStages.update(STAGE_UUID, { name: 'renamed', backends: [Backend.Token] });
    expect(updated.name).toBe('string');
  });

  test('patch changes only the given fields and resolves to the stage', async () => {
    const patched = await client.passwordStages.patch(STAGE_UUID, { failed_attempts_before_cancel: 3 });
    expect(patched.pk).toBe(STAGE_UUID);
  });

  test('delete resolves to undefined on 204', async () => {
    await expect(client.passwordStages.delete(STAGE_UUID)).resolves.toBeUndefined();
  });

  test('usedBy resolves to the objects using the stage', async () => {
    const usedBy = await client.passwordStages.usedBy(STAGE_UUID);
    expect(usedBy).toEqual([{ app: 'string', model_name: 'string', pk: 'string', name: 'string', action: 'cascade' }]);
  });

  test('withResponse gives the HTTP status and headers together with the data', async () => {
    const { data, response } = await client.passwordStages.withResponse.retrieve(STAGE_UUID);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(data.pk).toBe(STAGE_UUID);
  });
});

describe('error answers of the mock', () => {
  test('a 400 rejects with BadRequestError carrying the ValidationError body, method and URL', async () => {
    const { client: failing } = prismClient({ headers: { Prefer: 'code=400' } });
    const error = await failing.passwordStages.retrieve(STAGE_UUID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(isAuthentikError(error, BadRequestError)).toBe(true);
    const badRequest = error as BadRequestError;
    expect(badRequest.status).toBe(400);
    expect(badRequest.method).toBe('GET');
    expect(badRequest.url).toMatch(new RegExp(`/stages/password/${STAGE_UUID}/$`));
    expect(badRequest.nonFieldErrors).toEqual(['string']);
    expect(badRequest.message).toContain(`GET ${badRequest.url}`);
  });

  test('a 403 rejects with PermissionDeniedError exposing the detail', async () => {
    const { client: failing } = prismClient({ headers: { Prefer: 'code=403' } });
    const error = await failing.passwordStages.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).status).toBe(403);
    expect((error as PermissionDeniedError).detail).toBe('string');
  });

  test('a 404 for an unknown uuid rejects with NotFoundError', async () => {
    const { client: failing } = prismClient({ headers: { Prefer: 'code=404' } });
    await expect(failing.passwordStages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(failing.passwordStages.delete(STAGE_UUID)).rejects.toMatchObject({ name: 'NotFoundError', status: 404, method: 'DELETE' });
  });
});
