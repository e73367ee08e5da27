// The caller's AbortSignal: a call aborted before it starts sends nothing and names its URL; an abort ends a hanging
// call, a wait or a failed attempt being handed back, at once; nothing is left behind and nothing sent afterwards.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthentikError,
  createAuthentikClient,
  TokenProviderError,
  type ClientOptions,
} from '../../src/index.js';
import {
  abortListeners,
  BASE_URL,
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

const aborted = () => ({ signal: AbortSignal.abort() });

afterEach(() => {
  vi.restoreAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});
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

/** A fake server answering the `answers` in turn (the last one from then on), noting the fake time of each request. */
function answering(...answers: Array<() => Response>) {
  const at: number[] = [];
  const fake = fakeClient(() => {
    at.push(Date.now() - START);
    return answers[Math.min(at.length, answers.length) - 1]!();
  });
  return { ...fake, at };
}
const slowDown = (retryAfter: string) => () => json({ detail: 'slow down' }, 429, { 'retry-after': retryAfter });

describe('a call aborted before it starts names the URL it would have called, and sends nothing', () => {
  test.each([
    [
      'retrieve',
      'GET',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.retrieve(STAGE_UUID, aborted()),
    ],
    [
      'list',
      'GET',
      `${BASE_URL}/stages/password/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.list({}, aborted()),
    ],
    [
      'create',
      'POST',
      `${BASE_URL}/stages/password/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.create({ name: 'x', backends: [] }, aborted()),
    ],
    [
      'update',
      'PUT',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) =>
        stages.update(STAGE_UUID, { name: 'x', backends: [] }, aborted()),
    ],
    [
      'patch',
      'PATCH',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.patch(STAGE_UUID, { name: 'x' }, aborted()),
    ],
    [
      'delete',
      'DELETE',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.delete(STAGE_UUID, aborted()),
    ],
    [
      'usedBy',
      'GET',
      `${STAGE_URL}used_by/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.usedBy(STAGE_UUID, aborted()),
    ],
  ])('%s: neither the token provider nor any interceptor runs', async (_, method, url, call) => {
    const ran: string[] = [];
    const { authentik, stages, requests } = fakeClient(undefined, {
      token: () => (ran.push('token provider'), TOKEN),
    });
    authentik.client.interceptors.request.use((request) => (ran.push('request interceptor'), request));
    authentik.client.interceptors.response.use((response) => (ran.push('response interceptor'), response));
    authentik.client.interceptors.error.use((error) => (ran.push('error interceptor'), error));
    const error = await rejectionOf(call(stages), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: ${method} ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran).toEqual([]);
    expect(requests).toEqual([]);
  });

  test('a stageUuid that cannot be written into a URL leaves the URL template in the message', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.retrieve(Symbol('uuid') as never, aborted()), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${BASE_URL}/stages/password/{stage_uuid}/`);
    expect(requests).toEqual([]);
  });
});

describe('nothing is sent once a call is over', () => {
  test('a call given a signal that is already aborted rejects and sends nothing, even through a fetch that ignores signals', async () => {
    const { stages, requests } = fakeClient();
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
    // The generated operation goes on building its request after the call rejected: it must not reach fetch.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });

  test('a token provider that answers after the deadline gets no request sent with its token', async () => {
    let answer: (token: string) => void = () => {};
    const { stages, requests } = fakeClient(undefined, {
      token: () => new Promise<string>((resolve) => (answer = resolve)),
      timeoutMs: 20,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), TokenProviderError);
    expect(error.message).toBe('The token provider did not answer within 20 ms; no request was sent');
    answer(TOKEN);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });
});

describe("the caller's signal", () => {
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
});

describe('on a fake clock, to the millisecond', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe("the caller's signal and waits", () => {
    test("the caller's signal ends a wait between attempts the moment it aborts", async () => {
      // A wait well inside the default 30 s deadline, so that only the caller's signal can end it early.
      const server = answering(slowDown('10'));
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('user left')), 200);
      const seen = settlement(server.stages.retrieve(STAGE_UUID, { signal: controller.signal }));
      await vi.runAllTimersAsync();
      expect(seen.after).toBe(200);
      expect(seen.error).toBeInstanceOf(APIUserAbortError);
      expect(server.at).toEqual([0]);
    });
  });
});

describe('what an abort leaves behind', () => {
  test('a Retry-After wait cut short by the caller leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    const { stages } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '30' }));
    const call = rejectionOf(
      stages.retrieve(STAGE_UUID, { signal: controller.signal, timeoutMs: 0 }),
      APIUserAbortError,
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount(), 'the Retry-After wait').toBe(1);
    controller.abort();
    await call;
    expect(vi.getTimerCount()).toBe(0);
  });

  test("the caller's signal is let go the moment it fires, before the call has even settled", async () => {
    const controller = new AbortController();
    const { stages } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '30' }));
    const call = rejectionOf(
      stages.retrieve(STAGE_UUID, { signal: controller.signal, timeoutMs: 0 }),
      APIUserAbortError,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort();
    expect(abortListeners(controller.signal)).toBe(0);
    await call;
  });
});

// The caller's abort can land between the moment a failed attempt comes back from the generated client and the moment
// the SDK looks at it (a microtask or two): the abort still wins over what the attempt failed with.
describe('an abort that lands while a failed attempt is being handed back ends the call as aborted', () => {
  const afterMicrotasks = (count: number, then: () => void) => {
    let chain = Promise.resolve();
    for (let i = 0; i < count; i++) chain = chain.then(() => {});
    void chain.then(then);
  };

  test('after a connection failure', async () => {
    const controller = new AbortController();
    const { authentik, stages } = fakeClient(undefined, {
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
      maxRetries: 0,
      timeoutMs: 0,
    });
    authentik.client.interceptors.error.use((error) => (afterMicrotasks(1, () => controller.abort()), error));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
  });

  test('after a response interceptor threw', async () => {
    const controller = new AbortController();
    const { authentik, stages } = fakeClient(undefined, { timeoutMs: 0 });
    authentik.client.interceptors.response.use(() => {
      afterMicrotasks(0, () => controller.abort());
      throw new Error('my interceptor broke');
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
  });
});
