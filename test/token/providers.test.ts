import { describe, expect, test } from 'vitest';
import {
  APIConnectionTimeoutError,
  AuthentikError,
  createAuthentikClient,
  InvalidArgumentError,
  TokenProviderError,
  type ClientOptions,
} from '../../src/index.js';
import {
  DOCUMENTED_EXAMPLE,
  everythingShown,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  stopwatch,
} from '../support/index.js';

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
