import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionTimeoutError, APIUserAbortError, createAuthentikClient, RateLimitError } from '../src/index.js';
import { BASE_URL, DOCUMENTED_EXAMPLE, fakeClient, json, STAGE_UUID, TOKEN } from './support/index.js';

// The SDK's waits on a fake clock: each delay is asserted to the millisecond, so a wait that is late or early by
// any amount fails. (test/faults.test.ts checks the same waits on real sockets, with bounds on both sides.)
const START = Date.parse('2026-01-01T00:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

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
