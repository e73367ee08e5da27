// Interceptors on an SDK client's generated client: what each sees, and that an interceptor's own error, answer or
// missing return ends the call as it is, once, unretried.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createAuthentikClient, NotFoundError, type ClientOptions } from '../../src/index.js';
import {
  BASE_URL as BASE,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  fakeFetch,
  json,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
  TOKEN,
} from '../support/index.js';

const client = (baseUrl: string, options: ClientOptions = {}) =>
  createAuthentikClient({ baseUrl, token: TOKEN, ...options });
const elapsedSince = (started: number) => Date.now() - started;

afterEach(() => {
  vi.useRealTimers();
});

afterEach(() => {
  vi.restoreAllMocks();
});
const STAGE_TEXT = JSON.stringify(DOCUMENTED_EXAMPLE);

/** A 200 answer holding `body` with these headers, and nothing added by the Response constructor. */
const answer = (body: string | null, headers: Record<string, string>) =>
  new Response(body === null ? null : new TextEncoder().encode(body), { headers });

describe("interceptors on an SDK client's generated client", () => {
  test('a request interceptor adds a header to every call of that client only; another client is untouched', async () => {
    const fake = fakeFetch();
    const traced = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const plain = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    traced.client.interceptors.request.use((request) => {
      request.headers.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
      return request;
    });
    await traced.passwordStages.retrieve(STAGE_UUID);
    await plain.passwordStages.retrieve(STAGE_UUID);
    expect(fake.requests.map((request) => request.headers.traceparent)).toEqual([
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      undefined,
    ]);
  });

  test('a response interceptor sees each attempt: method, URL, status, and never needs the token to log them', async () => {
    let calls = 0;
    const fake = fakeFetch(() =>
      calls++ === 0 ? json({ detail: 'busy' }, 503, { 'retry-after': '0' }) : json(DOCUMENTED_EXAMPLE),
    );
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const log: string[] = [];
    const started = new WeakMap<Request, number>();
    authentik.client.interceptors.request.use((request) => (started.set(request, performance.now()), request));
    authentik.client.interceptors.response.use((response, request) => {
      log.push(
        `${request.method} ${request.url} → ${response.status} in ${Math.round(performance.now() - started.get(request)!)} ms`,
      );
      return response;
    });
    await authentik.passwordStages.retrieve(STAGE_UUID);
    const url = `${BASE}/stages/password/${STAGE_UUID}/`;
    expect(log).toEqual([
      expect.stringMatching(new RegExp(`^GET ${url} → 503 in \\d+ ms$`)),
      expect.stringMatching(new RegExp(`^GET ${url} → 200 in \\d+ ms$`)),
    ]);
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  test('an error interceptor sees the error body of a failed call, which still rejects with the typed error', async () => {
    const fake = fakeFetch(() => json({ detail: 'No PasswordStage matches the given query.' }, 404));
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const seen: unknown[] = [];
    authentik.client.interceptors.error.use((error, response) => (seen.push([response?.status, error]), error));
    await expect(authentik.passwordStages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([[404, { detail: 'No PasswordStage matches the given query.' }]]);
  });

  test('a request interceptor that throws rejects the call with its own error, and nothing is sent', async () => {
    const fake = fakeFetch();
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const refusal = new Error('no calls during maintenance');
    authentik.client.interceptors.request.use(() => {
      throw refusal;
    });
    await expect(authentik.passwordStages.retrieve(STAGE_UUID)).rejects.toBe(refusal);
    expect(fake.requests).toEqual([]);
  });
});

describe('an interceptor that throws ends the call with its own error, unretried', () => {
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
});

describe('a request interceptor that misbehaves ends the call with its own error', () => {
  test('a request interceptor that throws undefined rejects the call with undefined, once, without a retry', async () => {
    const { authentik, requests } = fakeClient();
    let runs = 0;
    authentik.client.interceptors.request.use(() => {
      runs++;
      throw undefined; // a caller's code may throw anything, and it is not a network failure
    });
    expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBeUndefined();
    expect({ runs, requests }).toEqual({ runs: 1, requests: [] });
  });

  test('a request interceptor that forgets to return the request rejects the call with the TypeError that caused, once, without a retry', async () => {
    const { authentik, requests } = fakeClient();
    let runs = 0;
    let seen: unknown;
    authentik.client.interceptors.request.use(
      ((request: Request) => void (runs++, request.headers.set('x-trace', '1'))) as never,
    );
    authentik.client.interceptors.error.use((error) => (seen = error)); // the client's error hooks see it first
    const error = await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), TypeError);
    expect(error).toBe(seen);
    expect({ runs, requests }).toEqual({ runs: 1, requests: [] });
  });

  test('an error interceptor that throws its own error on a connection failure ends the call with it, once, without a retry', async () => {
    const own = new Error('offline: try again later');
    let sent = 0;
    const { authentik } = fakeClient(undefined, {
      fetch: async () => (sent++, Promise.reject(new TypeError('fetch failed'))),
    });
    authentik.client.interceptors.error.use(() => {
      throw own;
    });
    expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBe(own);
    expect(sent).toBe(1);
  });
});

describe("an interceptor's own errors and answers are kept as they are", () => {
  test('a request interceptor that throws null rejects the call with null, unchanged', async () => {
    const { authentik, stages, requests } = fakeClient();
    authentik.client.interceptors.request.use(() => {
      throw null; // a caller's code may throw anything
    });
    expect(await rejectionOf(stages.retrieve(STAGE_UUID))).toBeNull();
    expect(requests).toEqual([]);
  });
});

describe('an interceptor that changes the request', () => {
  test('a request interceptor that takes the Authorization header off still gets the typed error of the answer', async () => {
    const { authentik, requests } = fakeClient(() =>
      json({ detail: 'No PasswordStage matches the given query.' }, 404),
    );
    authentik.client.interceptors.request.use((request) => (request.headers.delete('authorization'), request));
    const error = await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ detail: 'No PasswordStage matches the given query.' });
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('a response interceptor that replaces an answer', () => {
  test('a JSON answer replaced by its own JSON is read from the replacement', async () => {
    const { authentik, stages } = fakeClient();
    const replacement = { ...DOCUMENTED_EXAMPLE, name: 'from the interceptor' };
    authentik.client.interceptors.response.use(() => json(replacement));
    expect(await stages.retrieve(STAGE_UUID)).toEqual(replacement);
  });

  test("with validation 'off', an empty answer the interceptor read and filled in is returned as filled in", async () => {
    const { authentik, stages } = fakeClient(() => answer('', { 'content-type': 'application/json' }), {
      validation: 'off',
    });
    authentik.client.interceptors.response.use(async (response) =>
      (await response.text()) === '' ? json(DOCUMENTED_EXAMPLE) : response,
    );
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  });

  test('the body it read is judged by its text, not by a stale Content-Length: 0 header of the original', async () => {
    // An injected fetch (a recorded fixture, say) may carry a header that does not match the body it holds.
    const { authentik, stages } = fakeClient(() =>
      answer(STAGE_TEXT, { 'content-type': 'application/json', 'content-length': '0' }),
    );
    authentik.client.interceptors.response.use(
      async (response) => new Response(await response.text(), { headers: { 'content-type': 'application/json' } }),
    );
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  });
});

test('a response interceptor that logs the body and hands back a copy without headers still gets the stage', async () => {
  const { authentik, stages } = fakeClient(() => json(DOCUMENTED_EXAMPLE));
  const logged: string[] = [];
  authentik.client.interceptors.response.use(async (response) => {
    const text = await response.text();
    logged.push(text);
    return new Response(text, { status: response.status });
  });
  expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  expect(logged).toEqual([JSON.stringify(DOCUMENTED_EXAMPLE)]);
});
