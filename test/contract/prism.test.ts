import { afterEach, describe, expect, test } from 'vitest';
import {
  Backend,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  isAuthentikError,
  type PasswordStage,
} from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DOCUMENTED_EXAMPLE, STAGE_UUID, prismClient } from '../support/index.js';

// Every call in this file goes to the Prism mock built from openapi/password-stage.yaml, which answers with the
// first named example of each response: the stages authentik's default blueprint creates. It keeps no state, so
// these tests prove that requests and answers keep the contract; what a server does with a write is not theirs to
// prove (test/calls/requests.test.ts checks what each call sends).
const { client, answers, violations } = prismClient();
afterEach(() => {
  const flagged = violations();
  answers.splice(0);
  expect(flagged, 'requests Prism flagged as breaking the contract').toEqual([]);
});
const examples = parse(readFileSync('openapi/password-stage.yaml', 'utf8')).components.examples;
const DEFAULT_STAGE = examples.PasswordStageDefaultAuthentication.value as PasswordStage;

describe('password stages against the mock of the fragment', () => {
  test('retrieve resolves to the stage itself, not an envelope', async () => {
    const stage = await client.passwordStages.retrieve(DEFAULT_STAGE.pk);
    expect(stage).toEqual(DEFAULT_STAGE);
    expect(stage.name).toBe('default-authentication-password');
    expect(stage.backends).toEqual([Backend.Inbuilt, Backend.Kerberos, Backend.LDAP, Backend.Token]);
    expect(stage.flow_set?.map((flow) => flow.slug)).toEqual(['default-authentication-flow']);
  });

  test('the documented example body is still served by name, and the SDK returns it as sent', async () => {
    const { client: documented, violations: flagged } = prismClient({ headers: { Prefer: 'example=documented' } });
    await expect(documented.passwordStages.retrieve(STAGE_UUID)).resolves.toEqual(DOCUMENTED_EXAMPLE);
    expect(flagged()).toEqual([]);
  });

  test('list resolves to one page with pagination and results', async () => {
    const page = await client.passwordStages.list({
      search: 'login',
      ordering: 'name',
      page: 1,
      page_size: 20,
      allow_show_password: true,
    });
    expect(page.pagination).toEqual({
      next: 0,
      previous: 0,
      count: 3,
      current: 1,
      total_pages: 1,
      start_index: 1,
      end_index: 3,
    });
    expect(page.results.map((stage) => stage.name)).toEqual([
      'default-authentication-password',
      'ldap-authentication-password',
      'token-authentication-password',
    ]);
    expect(page.results[0]).toEqual(DEFAULT_STAGE);
  });

  test('listAll yields each stage of a page whose next is 0 and asks for no further page', async () => {
    const stages: PasswordStage[] = [];
    for await (const stage of client.passwordStages.listAll({ name: 'default-authentication-password' }))
      stages.push(stage);
    expect(stages.map((stage) => stage.pk)).toEqual([
      DEFAULT_STAGE.pk,
      'b623b20e-419d-4c0d-a1df-256cd4ce3e55',
      '5519241d-4109-4444-9517-9c6141251cfd',
    ]);
    expect(answers.map(({ method, url, status }) => `${method} ${new URL(url).search} ${status}`)).toEqual([
      'GET ?name=default-authentication-password&page=1 200',
    ]);
  });

  test('create sends a body the contract accepts and resolves to the stage the server answers with', async () => {
    const created = await client.passwordStages.create({
      name: 'default-password',
      backends: [Backend.Inbuilt, Backend.LDAP],
      configure_flow: null,
      failed_attempts_before_cancel: 5,
      allow_show_password: false,
    });
    expect(created).toEqual(DEFAULT_STAGE);
    expect(answers.at(-1)).toMatchObject({ method: 'POST', status: 201 });
  });

  test('update sends a full body the contract accepts and resolves to the stage the server answers with', async () => {
    const updated = await client.passwordStages.update(STAGE_UUID, { name: 'renamed', backends: [Backend.Token] });
    expect(updated).toEqual(DEFAULT_STAGE);
    expect(answers.at(-1)).toMatchObject({ method: 'PUT', status: 200 });
  });

  test('patch sends a body of one field, which the contract accepts, and resolves to the stage the server answers with', async () => {
    const patched = await client.passwordStages.patch(STAGE_UUID, { failed_attempts_before_cancel: 3 });
    expect(patched).toEqual(DEFAULT_STAGE);
    expect(answers.at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
  });

  test('delete resolves to undefined on 204', async () => {
    await expect(client.passwordStages.delete(STAGE_UUID)).resolves.toBeUndefined();
  });

  test('usedBy resolves to the objects using the stage', async () => {
    const usedBy = await client.passwordStages.usedBy(STAGE_UUID);
    expect(usedBy).toEqual([
      {
        app: 'authentik_flows',
        model_name: 'flowstagebinding',
        pk: 'b2537b11-9aeb-4994-937c-f2293bf59475',
        name: 'Flow default-authentication-flow > Stage default-authentication-password',
        action: 'cascade',
      },
    ]);
  });

  test('withResponse gives the HTTP status and headers together with the data', async () => {
    const { data, response } = await client.passwordStages.withResponse.retrieve(STAGE_UUID);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(data.pk).toBe(DEFAULT_STAGE.pk);
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
    await expect(failing.passwordStages.delete(STAGE_UUID)).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      method: 'DELETE',
    });
  });
});
