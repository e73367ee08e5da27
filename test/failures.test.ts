import { describe, expect, test } from 'vitest';
import {
  APIConnectionTimeoutError,
  createAuthentikClient,
  ResponseValidationError,
  type ClientOptions,
} from '../src/index.js';
import {
  DOCUMENTED_EXAMPLE,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  startSilentServer,
  TOKEN,
} from './support/index.js';

const client = (baseUrl: string, options: ClientOptions = {}) =>
  createAuthentikClient({ baseUrl, token: TOKEN, ...options });
const elapsedSince = (started: number) => Date.now() - started;

// Only the network's failures are retried; what the caller plugs in fails as itself, and the deadline bounds all of it.
describe('what is retried', () => {
  test('a request interceptor that throws on a retry rejects the call with its own error at once, also without a deadline', async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }));
    const mine = new Error('no more attempts from here');
    for (const timeoutMs of [5_000, 0]) {
      const authentik = client(server.url, { timeoutMs });
      let seen = 0;
      authentik.client.interceptors.request.use((request) => {
        if (++seen > 1) throw mine;
        return request;
      });
      const started = Date.now();
      expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBe(mine);
      expect(seen).toBe(2);
      // Retried as a network failure, it would go on every half second until the deadline (or for ever without one).
      expect(elapsedSince(started)).toBeLessThan(2_000);
    }
    expect(server.requests).toHaveLength(2);
  });

  test('a response interceptor that throws rejects a PUT with its own error, and the PUT went out once', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const authentik = client(server.url);
    const mine = new TypeError('my interceptor broke');
    authentik.client.interceptors.response.use(() => {
      throw mine;
    });
    expect(await rejectionOf(authentik.passwordStages.update(STAGE_UUID, { name: 'x', backends: [] }))).toBe(mine);
    expect(server.requests.map((request) => request.method)).toEqual(['PUT']);
  });

  test('an error interceptor that throws rejects with its own error and is not retried', async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }));
    const authentik = client(server.url);
    const mine = new Error('seen the 503');
    authentik.client.interceptors.error.use(() => {
      throw mine;
    });
    expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBe(mine);
    expect(server.requests).toHaveLength(1);
  });

  test('a 2xx body nested too deeply to parse rejects with ResponseValidationError, once', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    });
    const error = await rejectionOf(client(server.url).passwordStages.retrieve(STAGE_UUID), ResponseValidationError);
    // Whether the engine's JSON.parse gives up on the depth (RangeError) or parses it, the answer is reported, not
    // retried.
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.message).toMatch(
      /^(body is not valid JSON \(nested too deeply to parse\)|expected object, got an array too deep or circular to show)$/,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('the deadline bounds the whole call', () => {
  test('a request interceptor slower than the deadline ends the call at the deadline', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const authentik = client(server.url, { timeoutMs: 300 });
    authentik.client.interceptors.request.use(
      async (request) => (await new Promise((resolve) => setTimeout(resolve, 2_000)), request),
    );
    const started = Date.now();
    await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), APIConnectionTimeoutError);
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(290);
    expect(elapsedSince(started)).toBeLessThan(800);
  });

  test('a request interceptor that never returns ends at the deadline', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const authentik = client(server.url, { timeoutMs: 200 });
    authentik.client.interceptors.request.use(() => new Promise<Request>(() => {}));
    const started = Date.now();
    const error = await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), APIConnectionTimeoutError);
    expect(error.message).toMatch(/^Timed out after 200 ms: GET /);
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(190);
    expect(elapsedSince(started)).toBeLessThan(700);
    expect(server.requests).toHaveLength(0);
  });

  test('an injected fetch that ignores the signal it is given still ends at the deadline', async () => {
    const silent = await startSilentServer();
    const ignoring: typeof fetch = (request) => fetch((request as Request).url);
    const started = Date.now();
    await rejectionOf(
      client(silent.url, { timeoutMs: 300, fetch: ignoring }).passwordStages.retrieve(STAGE_UUID),
      APIConnectionTimeoutError,
    );
    expect(elapsedSince(started)).toBeGreaterThanOrEqual(290);
    expect(elapsedSince(started)).toBeLessThan(800);
  });
});
