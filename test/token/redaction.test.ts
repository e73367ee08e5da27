// The token never shows in anything the SDK hands back (messages, stacks, JSON, bodies, headers, causes), also when a
// server echoes it; values that do not hold it are left as they are.
import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  AuthenticationError,
  AuthentikError,
  BadRequestError,
  createAuthentikClient,
  isAuthentikError,
  NotFoundError,
  ResponseValidationError,
  type ClientOptions,
} from '../../src/index.js';
import {
  closedPortUrl,
  DOCUMENTED_EXAMPLE,
  everythingShown,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  startSilentServer,
  TOKEN,
} from '../support/index.js';

const SECRET = 'ak-SECRET-7f3a9c1e2b4d';

function errorOf(
  options: ClientOptions,
  call: (stages: ReturnType<typeof createAuthentikClient>['passwordStages']) => Promise<unknown>,
) {
  return rejectionOf(
    call(createAuthentikClient({ token: SECRET, timeoutMs: 2_000, maxRetries: 0, ...options }).passwordStages),
    AuthentikError,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the token never leaks', () => {
  test('no error of any kind shows the token in its message, stack, JSON, inspect output or cause', async () => {
    // A hostile server that echoes the Authorization header into every part of its answer.
    const echo = await startServer((request, res) => {
      const auth = String(request.headers.authorization);
      if (request.url.includes('html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(auth);
      }
      if (request.url.includes('/used_by/'))
        return sendJson(res, 200, [{ app: auth, model_name: auth, pk: auth, name: auth, action: auth }]);
      const status = request.method === 'GET' ? 401 : request.method === 'PUT' ? 200 : 400;
      sendJson(
        res,
        status,
        status === 200 ? { ...DOCUMENTED_EXAMPLE, pk: auth, surprise: auth } : { detail: auth, name: [auth] },
        { 'x-echo': auth, 'www-authenticate': auth },
      );
    });
    const silent = await startSilentServer();
    const refused = await closedPortUrl();
    const errors = [
      await errorOf({ baseUrl: echo.url }, (stages) => stages.retrieve(STAGE_UUID)),
      await errorOf({ baseUrl: echo.url }, (stages) => stages.create({ name: 'x', backends: [] })),
      await errorOf({ baseUrl: echo.url }, (stages) => stages.update(STAGE_UUID, { name: 'x', backends: [] })),
      await errorOf({ baseUrl: echo.url, validation: 'strict' }, (stages) => stages.usedBy(STAGE_UUID)),
      await errorOf({ baseUrl: `${echo.url}/html` }, (stages) => stages.retrieve(STAGE_UUID)),
      await errorOf({ baseUrl: silent.url, timeoutMs: 100 }, (stages) => stages.retrieve(STAGE_UUID)),
      await errorOf({ baseUrl: refused }, (stages) => stages.list()),
      await errorOf({ baseUrl: echo.url }, (stages) => stages.retrieve('not-a-uuid')),
      await errorOf({ baseUrl: echo.url, token: () => `${SECRET}\n` }, (stages) => stages.retrieve(STAGE_UUID)),
      await errorOf({ baseUrl: echo.url, token: () => `${SECRET} x` }, (stages) => stages.list()),
    ];
    expect(errors.map((error) => error.name)).toEqual([
      'AuthenticationError',
      'BadRequestError',
      'ResponseValidationError',
      'ResponseValidationError',
      'ResponseValidationError',
      'APIConnectionTimeoutError',
      'APIConnectionError',
      'InvalidArgumentError',
      'TokenProviderError',
      'TokenProviderError',
    ]);
    for (const error of errors) expect(everythingShown(error), error.name).not.toContain(SECRET);
    // The token did reach the echo server (so the redaction was really exercised).
    expect(echo.requests[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  test('a token of exactly eight characters is still redacted, also where a value is nothing but the token', async () => {
    const token = 'k3Y-8chr';
    const { stages } = fakeClient(() => json({ name: [token, `${token}${token}`, `x${token.slice(1)}y`] }, 400), {
      token,
    });
    const error = await rejectionOf(stages.create({ name: 'x', backends: [] }), BadRequestError);
    // Back-to-back copies are one redacted run; a near miss is not a piece of the token.
    expect(error.fieldErrors).toEqual({ name: ['[redacted]', '[redacted]', `x${token.slice(1)}y`] });
    expect(error.message).not.toContain(token);
  });
});

describe('the token in errors', () => {
  test('a server that echoes the Authorization header has only the token redacted: the scheme it came with stays readable', async () => {
    const { stages } = fakeClient((request) => json({ detail: `not accepted: ${request.headers.authorization}` }, 401));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), AuthenticationError);
    expect(error.body).toEqual({ detail: 'not accepted: Bearer [redacted]' });
  });
});

describe('redaction leaves values alone unless they hold the token', () => {
  test('a request sent without the bearer header (an auth proxy adds its own) still fails with the server’s body', async () => {
    const { authentik, stages } = fakeClient(() => json({ detail: 'No PasswordStage matches the given query.' }, 404));
    authentik.client.interceptors.request.use((request) => (request.headers.delete('authorization'), request));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ detail: 'No PasswordStage matches the given query.' });
  });

  test("an error interceptor's own object is the error's body, as it is", async () => {
    class Problem {
      constructor(readonly detail: string) {}
    }
    const { authentik, stages } = fakeClient(() => json({ detail: 'gone' }, 404));
    let made: Problem | undefined;
    authentik.client.interceptors.error.use((body) => (made = new Problem((body as { detail: string }).detail)));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toBe(made);
    expect(error.body).toBeInstanceOf(Problem);
    expect(error.detail).toBe('gone');
  });

  test('a key that echoes the token is redacted even when the body already has a key named [redacted]', async () => {
    const { stages } = fakeClient(() => json({ '[redacted]': 'x', [TOKEN]: 'x' }, 404));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ '[redacted]': 'x' });
  });
});

describe('redaction', () => {
  const TOKEN_LONG = 'ak-SECRET-7f3a9c1e2b4d8e6f';

  test('a parse message quoting the start of a body that echoes the token shows no piece of it', async () => {
    const { stages } = fakeClient(
      () => new Response(`${TOKEN_LONG} was your token`, { headers: { 'content-type': 'application/json' } }),
      { token: TOKEN_LONG },
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.message).toMatch(/body is not valid JSON \(.*\[redacted\]/);
    for (let at = 0; at + 8 <= TOKEN_LONG.length; at++)
      expect(`${error.message}${inspect(error)}`).not.toContain(TOKEN_LONG.slice(at, at + 8));
  });

  test('a binary answer is not kept on the error', async () => {
    const { stages } = fakeClient(
      () =>
        new Response(new TextEncoder().encode(TOKEN_LONG), { headers: { 'content-type': 'application/octet-stream' } }),
      { token: TOKEN_LONG },
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.body).toBeUndefined();
    expect(error.problems).toEqual([
      { path: '', message: 'expected an application/json body, got content type "application/octet-stream"' },
    ]);
  });

  test('a token shorter than 8 characters does not turn ordinary text into [redacted]', async () => {
    const { stages } = fakeClient(() => json({ detail: 'a message about a stage' }, 404), { token: 'a' });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID));
    expect(isAuthentikError(error) && error.message).toContain('(a message about a stage)');
  });
});
