import { describe, expect, test } from 'vitest';
import {
  createAuthentikClient,
  InvalidArgumentError,
  NotFoundError,
  ResponseValidationError,
  type PasswordStage,
} from '../../src/index.js';
import { createFakeAuthentik, RELEASES } from '../../src/testing/index.js';
import {
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  TOKEN,
} from '../support/index.js';

// What a newer authentik may send: a setting this SDK's contract does not know yet.
const NEWER_STAGE = { ...DOCUMENTED_EXAMPLE, lockout_duration: 'minutes=10' };
const READ_ONLY = ['pk', 'component', 'verbose_name', 'verbose_name_plural', 'meta_model_name', 'flow_set'];

/** A client whose server answers every read with `stage` and every write with the stage it was sent. */
function server(stage: object) {
  return fakeClient((request) =>
    json(request.method === 'GET' ? stage : { ...stage, ...JSON.parse(request.body ?? '{}') }),
  );
}

describe('writes take what reads give', () => {
  test('update with a retrieved stage, spread and changed, sends its settings without the read-only fields', async () => {
    const { stages, requests } = server(DOCUMENTED_EXAMPLE);
    const stage = await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, { ...stage, failed_attempts_before_cancel: 3 });
    const {
      pk: _,
      component: __,
      verbose_name: ___,
      verbose_name_plural: ____,
      meta_model_name: _____,
      flow_set: ______,
      ...settings
    } = DOCUMENTED_EXAMPLE;
    expect(JSON.parse(requests[1]!.body!)).toEqual({ ...settings, failed_attempts_before_cancel: 3 });
  });

  test('patch and create take a retrieved stage too, as it is', async () => {
    const { stages, requests } = server(DOCUMENTED_EXAMPLE);
    const stage = await stages.retrieve(STAGE_UUID);
    await stages.patch(STAGE_UUID, stage);
    await stages.create({ ...stage, name: 'copy' });
    for (const request of requests.slice(1))
      expect(Object.keys(JSON.parse(request.body!)).filter((key) => READ_ONLY.includes(key))).toEqual([]);
    expect(JSON.parse(requests[2]!.body!)).toMatchObject({ name: 'copy', backends: DOCUMENTED_EXAMPLE.backends });
  });

  test('a field a newer server sent is sent back unchanged, while reads stay exactly what the server sent', async () => {
    const { stages, requests } = server(NEWER_STAGE);
    const stage = await stages.retrieve(STAGE_UUID);
    expect(JSON.stringify(stage)).toBe(JSON.stringify(NEWER_STAGE));
    expect(Object.keys(stage)).toEqual(Object.keys(NEWER_STAGE));
    await stages.update(STAGE_UUID, { ...stage, name: 'renamed' });
    await stages.patch(STAGE_UUID, { ...stage, allow_show_password: false });
    expect(requests.slice(1).map((request) => JSON.parse(request.body!).lockout_duration)).toEqual([
      'minutes=10',
      'minutes=10',
    ]);
  });

  test('every new field a newer server sent in a stage is sent back, not only the first', async () => {
    const { stages, requests } = server({ ...NEWER_STAGE, lockout_reset: 'hours=1', notify_on_lockout: true });
    const stage = await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, { ...stage, name: 'renamed' });
    expect(JSON.parse(requests[1]!.body!)).toMatchObject({
      name: 'renamed',
      lockout_duration: 'minutes=10',
      lockout_reset: 'hours=1',
      notify_on_lockout: true,
    });
  });

  test('a misspelt field is still refused before sending, naming it', async () => {
    const { stages, requests } = server(NEWER_STAGE);
    const stage = await stages.retrieve(STAGE_UUID);
    const error = await rejectionOf(
      stages.update(STAGE_UUID, { ...stage, failed_attempts_before_cancle: 3 } as never),
      InvalidArgumentError,
    );
    expect(error.problems).toEqual([{ path: 'failed_attempts_before_cancle', message: 'is not in the contract' }]);
    expect(requests).toHaveLength(1);
  });

  test('a field the server never sent is refused even when it is the name of a newer setting', async () => {
    const { stages, requests } = server(DOCUMENTED_EXAMPLE);
    const stage = await stages.retrieve(STAGE_UUID);
    await rejectionOf(
      stages.patch(STAGE_UUID, { ...stage, lockout_duration: 'minutes=5' } as never),
      InvalidArgumentError,
    );
    expect(requests).toHaveLength(1);
  });

  test("in 'strict' mode a stage with an unknown field is not read, so nothing unknown can be written back", async () => {
    const { stages } = fakeClient(() => json(NEWER_STAGE), { validation: 'strict' });
    await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    await rejectionOf(stages.update(STAGE_UUID, { ...NEWER_STAGE } as never), InvalidArgumentError);
  });

  test('a newer server that requires its new setting on PUT accepts a retrieved stage sent back', async () => {
    const newer = await startServer((request, res) => {
      if (request.method === 'GET') return sendJson(res, 200, NEWER_STAGE);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      if (!('lockout_duration' in body)) return sendJson(res, 400, { lockout_duration: ['This field is required.'] });
      sendJson(res, 200, { ...NEWER_STAGE, ...body });
    });
    const stages = createAuthentikClient({ baseUrl: newer.url, token: TOKEN }).passwordStages;
    const stage: PasswordStage = await stages.retrieve(STAGE_UUID);
    const updated = await stages.update(STAGE_UUID, { ...stage, failed_attempts_before_cancel: 3 });
    expect(updated).toMatchObject({ failed_attempts_before_cancel: 3, lockout_duration: 'minutes=10' });
    expect(newer.requests.map((request) => request.method)).toEqual(['GET', 'PUT']);
  });
});

describe("authentik's request id", () => {
  test('a 404 carries the X-authentik-id of the answer as requestId, named in the message after the URL', async () => {
    const id = 'f00dfeed5a6b4c7d8e9fa0b1c2d3e4f5';
    const { stages } = fakeClient(() =>
      json({ detail: 'No PasswordStage matches the given query.' }, 404, { 'x-authentik-id': id }),
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.requestId).toBe(id);
    expect(error.message).toBe(
      `Request failed with status 404: GET https://authentik.example.com/api/v3/stages/password/${STAGE_UUID}/ [request id ${id}] (No PasswordStage matches the given query.)`,
    );
  });

  test('an answer that breaks the contract carries it too', async () => {
    const { stages } = fakeClient(() => json({ ...DOCUMENTED_EXAMPLE, name: 1 }, 200, { 'x-authentik-id': 'abc123' }));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.requestId).toBe('abc123');
    expect(error.message).toContain(`/ [request id abc123]: name: expected string, got 1`);
  });

  test('an answer without one leaves requestId undefined and the message as it was', async () => {
    const { stages } = fakeClient(() => json({ detail: 'gone' }, 404));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.requestId).toBeUndefined();
    expect(error.message).not.toContain('request id');
  });

  test('a request id that echoes the token is redacted, and a long one cut to 100 characters', async () => {
    const token = 'ak-SECRET-7f3a9c1e2b4d8e6f';
    const { stages } = fakeClient(
      () => json({ detail: 'x' }, 404, { 'x-authentik-id': `${token}${'9'.repeat(200)}` }),
      { token },
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.requestId).toBe(`[redacted]${'9'.repeat(100 - token.length)}`);
  });
});

describe.each(RELEASES)('read-modify-write against the fake answering as authentik %s', (release) => {
  test('retrieve, change one setting, update: the next retrieve differs in that setting only', async () => {
    const fake = createFakeAuthentik({ release });
    const stages = createAuthentikClient({
      baseUrl: fake.baseUrl,
      token: fake.token,
      fetch: fake.fetch,
    }).passwordStages;
    const { results } = await stages.list();
    for (const { pk } of results) {
      const before = await stages.retrieve(pk);
      await stages.update(pk, { ...before, failed_attempts_before_cancel: before.failed_attempts_before_cancel + 1 });
      expect(await stages.retrieve(pk)).toEqual({
        ...before,
        failed_attempts_before_cancel: before.failed_attempts_before_cancel + 1,
      });
    }
    expect(results.length).toBeGreaterThan(1);
  });
});
