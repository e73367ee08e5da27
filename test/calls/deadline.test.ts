// The deadline (timeoutMs) bounds a whole call: attempts, waits between them, interceptors, token providers and a
// fetch that ignores its signal. Waits are checked on a fake clock to the millisecond and on real sockets on
// 127.0.0.1, from both sides: the lower bound is the wait itself, the upper one fails a wait made twice as long.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionTimeoutError,
  AuthentikError,
  createAuthentikClient,
  InternalServerError,
  TokenProviderError,
  type ClientOptions,
} from '../../src/index.js';
import {
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_URL,
  STAGE_UUID,
  startServer,
  startSilentServer,
  stopwatch,
  TOKEN,
} from '../support/index.js';

const START = Date.parse('2026-01-01T00:00:00.000Z');

/** When `promise` settled on the fake clock (ms after START), and with what; read it after advancing the clock. */
function settlement(promise: Promise<unknown>) {
  const seen: { after?: number; value?: unknown; error?: unknown } = {};
  promise.then(
    (value) => Object.assign(seen, { after: Date.now() - START, value }),
    (error: unknown) => Object.assign(seen, { after: Date.now() - START, error }),
  );
  return seen;
}
const client = (baseUrl: string, options: ClientOptions = {}) =>
  createAuthentikClient({ baseUrl, token: TOKEN, ...options });
const elapsedSince = (started: number) => Date.now() - started;
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

function stagesAt(baseUrl: string, options: ClientOptions = {}) {
  return createAuthentikClient({ baseUrl, token: TOKEN, timeoutMs: 5_000, ...options }).passwordStages;
}
const failure = (promise: Promise<unknown>) => rejectionOf(promise, AuthentikError);

afterEach(() => {
  vi.useRealTimers();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('on a fake clock, to the millisecond', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('the deadline', () => {
    // A fetch that never answers and gives up only when its signal aborts.
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));

    test('ends a call that gets no answer exactly timeoutMs after it started', async () => {
      const authentik = createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch: hanging, timeoutMs: 300 });
      const seen = settlement(authentik.passwordStages.retrieve(STAGE_UUID));
      await vi.advanceTimersByTimeAsync(299);
      expect(seen.after, 'settled before the deadline').toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(seen.after).toBe(300);
      expect(seen.error).toBeInstanceOf(APIConnectionTimeoutError);
    });

    test('a per-call timeoutMs replaces the client one, to the millisecond', async () => {
      const authentik = createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch: hanging, timeoutMs: 60_000 });
      const seen = settlement(authentik.passwordStages.retrieve(STAGE_UUID, { timeoutMs: 1_234 }));
      await vi.runAllTimersAsync();
      expect(seen.after).toBe(1_234);
      expect(seen.error).toBeInstanceOf(APIConnectionTimeoutError);
    });
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

describe('the deadline covers retries and waits', () => {
  test('the deadline covers retries and their waits, not only one attempt', async () => {
    // Each answer takes 200 ms and asks for no wait: attempts start at about 0, 200 and 400 ms, and the 500 ms deadline
    // ends the third in flight, 100 ms away from any answer (an answer that came at the deadline itself could end the
    // call with its own error instead).
    const server = await startServer((_, res) =>
      setTimeout(() => sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' }), 200),
    );
    const started = Date.now();
    const error = await failure(stagesAt(server.url, { timeoutMs: 500, maxRetries: 10 }).retrieve(STAGE_UUID));
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
    const error = await failure(stagesAt(server.url, { timeoutMs: 3_000 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, attempts: 1, retryAfter: 30, detail: 'busy' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  test('a server that accepts and never answers rejects with APIConnectionTimeoutError at the deadline', async () => {
    const silent = await startSilentServer();
    const elapsed = stopwatch();
    const error = await failure(stagesAt(silent.url, { timeoutMs: 500 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe(`Timed out after 500 ms: GET ${silent.url}/stages/password/${STAGE_UUID}/`);
    expect(elapsed()).toBeGreaterThanOrEqual(495);
    expect(elapsed()).toBeLessThan(1_500);
    expect(silent.connections()).toBe(1);
  });
});

describe('a wait that ends at the deadline', () => {
  test('a Retry-After that ends exactly at the deadline is waited for, and the call ends as a timeout at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { stages, requests } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '1' }));
    let settled: unknown;
    stages.retrieve(STAGE_UUID, { timeoutMs: 1_000 }).catch((error: unknown) => (settled = error));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled, 'gave up on a wait that fits before the deadline').toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeInstanceOf(APIConnectionTimeoutError);
    expect(requests).toHaveLength(1);
  });
});

describe('what a deadline becomes', () => {
  // A fetch that never answers, ending only when the call's signal aborts it.
  const hanging = (async (_: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) =>
      init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)),
    )) as typeof fetch;

  test("with a token provider that answered, a server that does not answer in time is a timeout, not the provider's fault", async () => {
    const { stages } = fakeClient(undefined, {
      token: async () => 'rotated-token-1234',
      fetch: hanging,
      timeoutMs: 40,
      maxRetries: 0,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionTimeoutError);
    expect(error.message).toBe(`Timed out after 40 ms: GET ${STAGE_URL}`);
  });

  test("a token provider slower than the deadline is the provider's fault, and nothing is sent", async () => {
    const { stages, requests } = fakeClient(undefined, { token: () => new Promise<string>(() => {}), timeoutMs: 40 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), TokenProviderError);
    expect(error.message).toBe('The token provider did not answer within 40 ms; no request was sent');
    expect(requests).toEqual([]);
  });
});

describe('the signal fetch is given', () => {
  const signalsSeen = async (options: ClientOptions) => {
    const inits: Array<RequestInit | undefined> = [];
    const fetch = async (_: Request, init?: RequestInit) => (inits.push(init), json(DOCUMENTED_EXAMPLE));
    await createAuthentikClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      fetch: fetch as typeof globalThis.fetch,
      ...options,
    }).passwordStages.retrieve(STAGE_UUID);
    return inits;
  };

  test('without a deadline or a signal of the caller nothing can abort a request, and fetch is given no signal', async () => {
    expect(await signalsSeen({ timeoutMs: 0 })).toEqual([undefined]);
  });

  test('with a deadline, fetch is given a signal that is not aborted', async () => {
    const [init] = await signalsSeen({ timeoutMs: 5_000 });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(init?.signal?.aborted).toBe(false);
  });
});
