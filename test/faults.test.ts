import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthentikError,
  createAuthentikClient,
  InternalServerError,
  RateLimitError,
  ResponseValidationError,
  type ClientOptions,
} from '../src/index.js';
import {
  closedPortUrl,
  DOCUMENTED_EXAMPLE,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  startSilentServer,
  stopwatch,
  TOKEN,
} from './support/index.js';

// Every fault here is staged by a real server on 127.0.0.1; fetch is never replaced. Each wait is checked from both
// sides: the lower bound is the wait itself (less a timer's tolerance), the upper one leaves a busy machine room but
// fails a wait made twice or four times as long. test/timing.test.ts checks the same waits to the millisecond.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const consoleCalls = vi.fn();
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation(consoleCalls);
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
  expect(unhandled, 'unhandled rejections').toEqual([]);
  expect(consoleCalls, 'the SDK logs nothing').not.toHaveBeenCalled();
});

function client(baseUrl: string, options: ClientOptions = {}) {
  return createAuthentikClient({ baseUrl, token: TOKEN, timeoutMs: 5_000, ...options }).passwordStages;
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, AuthentikError);

describe('a server that answers badly', () => {
  test('502 with an HTML page rejects with InternalServerError holding the page text, after the retries', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'retry-after': '0' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      attempts: 3,
      method: 'GET',
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(error.message).toContain(
      `Request failed with status 502 after 3 attempts: GET ${server.url}/stages/password/${STAGE_UUID}/`,
    );
    expect(server.requests).toHaveLength(3);
  });

  test('200 with malformed JSON rejects with ResponseValidationError and is not retried', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"pk": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": ');
    });
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/body is not valid JSON/);
    expect(server.requests).toHaveLength(1);
  });

  test('200 with an empty body rejects with ResponseValidationError', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).problems).toEqual([
      { path: '', message: 'expected a JSON body, got an empty body' },
    ]);
  });

  test('200 with a non-JSON content type rejects with ResponseValidationError naming the type', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(JSON.stringify(DOCUMENTED_EXAMPLE));
    });
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('got content type "text/html; charset=utf-8"');
  });

  test('a body cut off mid-stream rejects with APIConnectionError once the retries are used up', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"pk": "3fa85f64-5717');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await failure(client(server.url, { maxRetries: 1 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ attempts: 2, method: 'GET' });
    expect(server.requests).toHaveLength(2);
  });

  test('a server that accepts and never answers rejects with APIConnectionTimeoutError at the deadline', async () => {
    const silent = await startSilentServer();
    const elapsed = stopwatch();
    const error = await failure(client(silent.url, { timeoutMs: 500 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe(`Timed out after 500 ms: GET ${silent.url}/stages/password/${STAGE_UUID}/`);
    expect(elapsed()).toBeGreaterThanOrEqual(495);
    expect(elapsed()).toBeLessThan(1_500);
    expect(silent.connections()).toBe(1);
  });

  test('a refused connection rejects with APIConnectionError naming the cause, after the retries', async () => {
    const url = await closedPortUrl();
    const error = await failure(client(url, { maxRetries: 1 }).list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(
      /^Connection failed \(ECONNREFUSED\) after 2 attempts: GET http:\/\/127\.0\.0\.1:\d+\/stages\/password\/$/,
    );
  });

  test('500 every time rejects with InternalServerError without retrying, since 500 is not a transient status', async () => {
    const server = await startServer((_, res) => sendJson(res, 500, { detail: 'boom' }));
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, attempts: 1, body: { detail: 'boom' } });
    expect(error.message).toBe(
      `Request failed with status 500: GET ${server.url}/stages/password/${STAGE_UUID}/ (boom)`,
    );
  });
});

describe('retries', () => {
  test('503 then 200: the retry succeeds and the caller gets the stage', async () => {
    const server = await startServer((_, res, index) =>
      index === 0 ? sendJson(res, 503, { detail: 'busy' }) : sendJson(res, 200, DOCUMENTED_EXAMPLE),
    );
    await expect(client(server.url).retrieve(STAGE_UUID)).resolves.toEqual(DOCUMENTED_EXAMPLE);
    expect(server.requests).toHaveLength(2);
    // Without Retry-After the client backs off 375 to 500 ms before retrying.
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(370);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeLessThan(1_300);
  });

  test('429 with Retry-After in seconds is waited for, then retried', async () => {
    const server = await startServer((_, res, index) =>
      index === 0
        ? sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '1' })
        : sendJson(res, 200, DOCUMENTED_EXAMPLE),
    );
    await expect(client(server.url).retrieve(STAGE_UUID)).resolves.toMatchObject({ pk: STAGE_UUID });
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeLessThan(1_900);
  });

  test('429 with Retry-After as an HTTP date three seconds ahead is retried at that moment, not before', async () => {
    // A whole second, as an HTTP date has no finer unit: the wait is 2 to 3 s, far from any backoff.
    let retryAt = 0;
    const server = await startServer((_, res, index) => {
      if (index > 0) return sendJson(res, 200, DOCUMENTED_EXAMPLE);
      retryAt = Math.floor(Date.now() / 1_000) * 1_000 + 3_000;
      sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': new Date(retryAt).toUTCString() });
    });
    await expect(client(server.url).retrieve(STAGE_UUID)).resolves.toMatchObject({ pk: STAGE_UUID });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - retryAt).toBeGreaterThanOrEqual(-10);
    expect(server.requests[1]!.at - retryAt).toBeLessThan(900);
  });

  test('429 every time rejects with RateLimitError carrying retryAfter and the number of attempts', async () => {
    const server = await startServer((_, res) => sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '0' }));
    const error = await failure(client(server.url).list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, attempts: 3, retryAfter: 0 });
    expect(error.message).toContain('after 3 attempts');
  });

  test('a Retry-After longer than the cap is not waited for: the call fails at once with retryAfter', async () => {
    const server = await startServer((_, res) =>
      sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '3600' }),
    );
    const elapsed = stopwatch();
    const error = await failure(client(server.url).retrieve(STAGE_UUID));
    expect(error).toMatchObject({ name: 'RateLimitError', attempts: 1, retryAfter: 3600 });
    expect(server.requests).toHaveLength(1);
    expect(elapsed()).toBeLessThan(500);
  });

  test('408, 502, 503 and 504 are retried for GET, PUT and DELETE', async () => {
    for (const status of [408, 502, 503, 504]) {
      const server = await startServer((request, res, index) => {
        if (index % 2 === 0) return sendJson(res, status, { detail: 'transient' }, { 'retry-after': '0' });
        if (request.method === 'DELETE') return sendJson(res, 204, undefined);
        sendJson(res, 200, DOCUMENTED_EXAMPLE);
      });
      const stages = client(server.url);
      await stages.retrieve(STAGE_UUID);
      await stages.update(STAGE_UUID, { name: 'x', backends: [] });
      await stages.delete(STAGE_UUID);
      expect(
        server.requests.map((request) => request.method),
        `status ${status}`,
      ).toEqual(['GET', 'GET', 'PUT', 'PUT', 'DELETE', 'DELETE']);
    }
  });

  test('POST and PATCH are never retried automatically', async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }));
    const stages = client(server.url, { maxRetries: 5 });
    await expect(stages.create({ name: 'x', backends: [] })).rejects.toMatchObject({ status: 503, attempts: 1 });
    await expect(stages.patch(STAGE_UUID, { name: 'x' })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  test('maxRetries per call overrides the client, and 0 turns retries off', async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }));
    const stages = client(server.url, { maxRetries: 4 });
    await expect(stages.retrieve(STAGE_UUID, { maxRetries: 0 })).rejects.toMatchObject({ attempts: 1 });
    await expect(stages.retrieve(STAGE_UUID, { maxRetries: 1 })).rejects.toMatchObject({ attempts: 2 });
    expect(server.requests).toHaveLength(3);
  });
});

describe('timeouts and cancellation', () => {
  test('a per-call timeout overrides the client timeout', async () => {
    const silent = await startSilentServer();
    const elapsed = stopwatch();
    const error = await failure(client(silent.url, { timeoutMs: 60_000 }).retrieve(STAGE_UUID, { timeoutMs: 400 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toMatch(/^Timed out after 400 ms/);
    expect(elapsed()).toBeGreaterThanOrEqual(395);
    expect(elapsed()).toBeLessThan(1_300);
  });

  test('the deadline covers retries and their waits, not only one attempt', async () => {
    // Each answer takes 200 ms and asks for no wait: attempts start at about 0, 200 and 400 ms, and the 500 ms deadline
    // ends the third in flight, 100 ms away from any answer (an answer that came at the deadline itself could end the
    // call with its own error instead).
    const server = await startServer((_, res) =>
      setTimeout(() => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }), 200),
    );
    const started = Date.now();
    const error = await failure(client(server.url, { timeoutMs: 500, maxRetries: 10 }).retrieve(STAGE_UUID));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toMatch(/^Timed out after 500 ms after 3 attempts: GET /);
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(900);
    expect(server.requests).toHaveLength((error as APIConnectionTimeoutError).attempts);
  });

  test("a Retry-After longer than the time left ends the call at once with the server's error and its retryAfter", async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '30' }));
    const started = Date.now();
    const error = await failure(client(server.url, { timeoutMs: 3_000 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, attempts: 1, retryAfter: 30, detail: 'busy' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  test("the caller's signal also ends a wait between retries", async () => {
    const server = await startServer((_, res) => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '5' }));
    const started = Date.now();
    const error = await failure(
      client(server.url, { timeoutMs: 20_000 }).retrieve(STAGE_UUID, { signal: AbortSignal.timeout(200) }),
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  test("the caller's signal aborts a hanging call with APIUserAbortError, distinguishable from a timeout", async () => {
    const silent = await startSilentServer();
    const controller = new AbortController();
    const elapsed = stopwatch();
    const call = client(silent.url, { timeoutMs: 10_000 }).retrieve(STAGE_UUID, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 100);
    const error = await failure(call);
    expect(elapsed()).toBeGreaterThanOrEqual(95);
    expect(elapsed()).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.cause).toEqual(new Error('user left'));
  });

  test('an already aborted signal sends nothing', async () => {
    const server = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    await expect(client(server.url).retrieve(STAGE_UUID, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(server.requests).toHaveLength(0);
  });
});
