// What is retried and how long the client waits: Retry-After in seconds or as an HTTP date, the backoff and its
// jitter, the 60 s cap, the statuses and methods retried, maxRetries. Checked on a fake clock to the millisecond and on
// real servers on 127.0.0.1.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { AuthentikError, createAuthentikClient, RateLimitError, type ClientOptions } from '../../src/index.js';
import {
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_UUID,
  startServer,
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

/** A fake server answering the `answers` in turn (the last one from then on), noting the fake time of each request. */
function answering(...answers: Array<() => Response>) {
  const at: number[] = [];
  const fake = fakeClient(() => {
    at.push(Date.now() - START);
    return answers[Math.min(at.length, answers.length) - 1]!();
  });
  return { ...fake, at };
}
const busy =
  (headers: Record<string, string> = {}) =>
  () =>
    json({ detail: 'busy' }, 503, headers);
const slowDown = (retryAfter: string) => () => json({ detail: 'slow down' }, 429, { 'retry-after': retryAfter });
const stage = () => json(DOCUMENTED_EXAMPLE);
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

describe('on a fake clock, to the millisecond', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('waits between attempts', () => {
    test('Retry-After in seconds is waited for exactly before the retry', async () => {
      const server = answering(slowDown('2'), stage);
      const seen = settlement(server.stages.retrieve(STAGE_UUID));
      await vi.runAllTimersAsync();
      expect(seen.value).toEqual(DOCUMENTED_EXAMPLE);
      expect(server.at).toEqual([0, 2_000]);
    });

    test('Retry-After as an HTTP date three seconds ahead is waited for until that moment', async () => {
      const server = answering(slowDown(new Date(START + 3_000).toUTCString()), stage);
      const seen = settlement(server.stages.retrieve(STAGE_UUID));
      await vi.runAllTimersAsync();
      expect(seen.value).toEqual(DOCUMENTED_EXAMPLE);
      expect(server.at).toEqual([0, 3_000]);
    });

    test('an HTTP date is read against the clock when the answer arrives, so its lost milliseconds shorten the wait', async () => {
      vi.setSystemTime(START + 400);
      // 00:00:03.400 written as an HTTP date is 00:00:03: 2.6 s from 00:00:00.400.
      const server = answering(slowDown(new Date(START + 3_400).toUTCString()), stage);
      settlement(server.stages.retrieve(STAGE_UUID));
      await vi.runAllTimersAsync();
      expect(server.at).toEqual([400, 3_000]);
    });

    test('Retry-After: 0 retries at once', async () => {
      const server = answering(slowDown('0'), stage);
      settlement(server.stages.retrieve(STAGE_UUID));
      await vi.runAllTimersAsync();
      expect(server.at).toEqual([0, 0]);
    });

    test('without Retry-After the client backs off 375 to 500 ms, then 750 to 1,000 ms, by its jitter', async () => {
      for (const [random, waits] of [
        [0, [375, 750]],
        [0.5, [437.5, 875]],
        [0.999_999, [499.9999, 999.9998]],
      ] as const) {
        vi.spyOn(Math, 'random').mockReturnValue(random);
        const server = answering(busy(), busy(), stage);
        const seen = settlement(server.stages.retrieve(STAGE_UUID));
        await vi.runAllTimersAsync();
        expect(seen.value).toEqual(DOCUMENTED_EXAMPLE);
        // The fake clock counts whole milliseconds: each retry goes out within one of its wait.
        const gaps = server.at.slice(1).map((at, index) => at - server.at[index]!);
        expect(
          gaps.map((gap, index) => Math.abs(gap - waits[index]!) <= 1),
          `gaps ${gaps.join(', ')} for Math.random() = ${random}`,
        ).toEqual([true, true]);
      }
    });

    test('a Retry-After over the cap is not waited for: the call fails at once, after one request', async () => {
      const server = answering(slowDown('3600'));
      const seen = settlement(server.stages.retrieve(STAGE_UUID));
      await vi.advanceTimersByTimeAsync(0);
      expect(seen.after).toBe(0);
      expect(seen.error).toBeInstanceOf(RateLimitError);
      expect(seen.error).toMatchObject({ attempts: 1, retryAfter: 3600 });
      expect(server.at).toEqual([0]);
    });

    test('a Retry-After of exactly the 60 s cap is still waited for, and a second more is not', async () => {
      const withoutDeadline = (server: ReturnType<typeof answering>) =>
        settlement(
          createAuthentikClient({
            baseUrl: BASE_URL,
            token: TOKEN,
            fetch: server.fetch,
            timeoutMs: 0,
          }).passwordStages.retrieve(STAGE_UUID),
        );
      const atCap = answering(slowDown('60'), stage);
      const waited = withoutDeadline(atCap);
      await vi.runAllTimersAsync();
      expect(waited.value).toEqual(DOCUMENTED_EXAMPLE);
      expect(atCap.at).toEqual([0, 60_000]);
      const overCap = answering(slowDown('61'), stage);
      const refused = withoutDeadline(overCap);
      await vi.runAllTimersAsync();
      expect(refused.error).toMatchObject({ status: 429, retryAfter: 61 });
      expect(overCap.at).toEqual([60_000]);
    });

    test('backoff doubles from 375 ms (jitter at its lowest) and stops growing at 6 s, i.e. 8 s before jitter', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const server = answering(busy(), busy(), busy(), busy(), busy(), busy(), stage);
      const authentik = createAuthentikClient({
        baseUrl: BASE_URL,
        token: TOKEN,
        fetch: server.fetch,
        timeoutMs: 0,
        maxRetries: 6,
      });
      const seen = settlement(authentik.passwordStages.retrieve(STAGE_UUID));
      await vi.runAllTimersAsync();
      expect(seen.value).toEqual(DOCUMENTED_EXAMPLE);
      expect(server.at.slice(1).map((at, index) => at - server.at[index]!)).toEqual([
        375, 750, 1_500, 3_000, 6_000, 6_000,
      ]);
    });
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

  test('429 every time rejects with RateLimitError carrying retryAfter and the number of attempts', async () => {
    const server = await startServer((_, res) => sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '0' }));
    const error = await failure(client(server.url).list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, attempts: 3, retryAfter: 0 });
    expect(error.message).toContain('after 3 attempts');
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
