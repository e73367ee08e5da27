import { describe, expect, test } from 'vitest';
import {
  APIConnectionTimeoutError,
  AuthentikError,
  BadRequestError,
  createAuthentikClient,
  InvalidArgumentError,
  TokenProviderError,
  type ClientOptions,
} from '../src/index.js';
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
  stopwatch,
} from './support/index.js';

const SECRET = 'ak-SECRET-7f3a9c1e2b4d';

function rejectionOfSync(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function errorOf(
  options: ClientOptions,
  call: (stages: ReturnType<typeof createAuthentikClient>['passwordStages']) => Promise<unknown>,
) {
  return rejectionOf(
    call(createAuthentikClient({ token: SECRET, timeoutMs: 2_000, maxRetries: 0, ...options }).passwordStages),
    AuthentikError,
  );
}

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

  test('the Authorization header is not sent to another origin when the server redirects there', async () => {
    const elsewhere = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const api = await startServer((request, res) => {
      if (request.url.startsWith('/moved/')) return sendJson(res, 200, DOCUMENTED_EXAMPLE);
      const target = request.url.includes('/used_by/') ? `/moved${request.url}` : `${elsewhere.origin}${request.url}`;
      res.writeHead(request.method === 'GET' ? 302 : 307, { location: target });
      res.end();
    });
    const stages = createAuthentikClient({ baseUrl: api.url, token: SECRET }).passwordStages;
    await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, { name: 'x', backends: [] });
    await expect(stages.usedBy(STAGE_UUID)).rejects.toMatchObject({ name: 'ResponseValidationError' });
    expect(elsewhere.requests.map((request) => [request.method, request.headers.authorization])).toEqual([
      ['GET', undefined],
      ['PUT', undefined],
    ]);
    // The same-origin redirect keeps the token.
    expect(
      api.requests
        .filter((request) => request.url.startsWith('/moved/'))
        .map((request) => request.headers.authorization),
    ).toEqual([`Bearer ${SECRET}`]);
  });

  test('redirects are followed by the SDK itself, so an injected fetch is never handed the token for another origin', async () => {
    const elsewhere = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const api = await startServer((request, res) => {
      res.writeHead(301, { location: `${elsewhere.origin}${request.url}` });
      res.end();
    });
    const handed: Array<[string, string | undefined]> = [];
    const recording: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      handed.push([new URL(request.url).origin, request.headers.get('authorization') ?? undefined]);
      return fetch(request);
    };
    await createAuthentikClient({ baseUrl: api.url, token: SECRET, fetch: recording }).passwordStages.retrieve(
      STAGE_UUID,
    );
    expect(handed).toEqual([
      [api.origin, `Bearer ${SECRET}`],
      [elsewhere.origin, undefined],
    ]);
  });
});

describe('token providers', () => {
  test('a provider that throws rejects the call with a clear error and sends nothing', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const failure = new Error('vault unreachable');
    const error = await errorOf({ baseUrl: server.url, token: () => Promise.reject(failure) }, (stages) =>
      stages.retrieve(STAGE_UUID),
    );
    expect(error).toBeInstanceOf(TokenProviderError);
    expect(error).toBeInstanceOf(AuthentikError);
    expect(error.message).toBe('The token provider failed; no request was sent');
    expect(error.cause).toBe(failure);
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    ['an empty string', ''],
    ['undefined', undefined],
    ['a number', 42],
  ])('a provider that returns %s rejects the call and sends nothing', async (_, value) => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const error = await errorOf({ baseUrl: server.url, token: (() => value) as () => string }, (stages) =>
      stages.list(),
    );
    expect(error).toBeInstanceOf(TokenProviderError);
    expect(error.message).toBe(
      'The token provider returned no token (expected a non-empty string); no request was sent',
    );
    expect(server.requests).toHaveLength(0);
  });

  test('a static token with whitespace or control characters is refused when the client is created, without quoting it', () => {
    const create = () =>
      createAuthentikClient({ baseUrl: 'https://authentik.example.com/api/v3', token: `${SECRET}\r\nX-Injected: 1` });
    expect(create).toThrow(InvalidArgumentError);
    expect(create).toThrow('Invalid client options: token: contains whitespace or control characters');
    expect(everythingShown(rejectionOfSync(create))).not.toContain(SECRET);
  });

  test('a provider token with whitespace or control characters rejects the call without quoting it and sends nothing', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const error = await errorOf({ baseUrl: server.url, token: () => `${SECRET}\r\nX-Injected: 1` }, (stages) =>
      stages.list(),
    );
    expect(error).toBeInstanceOf(TokenProviderError);
    expect(error.message).toBe(
      'The token the provider returned contains whitespace or control characters; no request was sent',
    );
    expect(server.requests).toHaveLength(0);
  });

  test('a provider that never answers ends in TokenProviderError at the deadline, with the timeout as cause and nothing sent', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const elapsed = stopwatch();
    const error = await errorOf(
      { baseUrl: server.url, timeoutMs: 300, token: () => new Promise<string>(() => {}) },
      (stages) => stages.retrieve(STAGE_UUID),
    );
    expect(elapsed()).toBeGreaterThanOrEqual(295);
    expect(elapsed()).toBeLessThan(1_100);
    expect(error).toBeInstanceOf(TokenProviderError);
    expect(error.message).toBe('The token provider did not answer within 300 ms; no request was sent');
    expect(error.cause).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(0);
  });

  test('the provider is asked again for every attempt, so a retry uses a rotated token', async () => {
    const server = await startServer((_, res, index) =>
      index === 0 ? sendJson(res, 503, {}, { 'retry-after': '0' }) : sendJson(res, 200, DOCUMENTED_EXAMPLE),
    );
    let n = 0;
    await createAuthentikClient({ baseUrl: server.url, token: () => `rotated-${++n}` }).passwordStages.retrieve(
      STAGE_UUID,
    );
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer rotated-1',
      'Bearer rotated-2',
    ]);
  });
});
