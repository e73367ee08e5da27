// What every property case checks after a call settled: the promises README makes, as functions of what was seen.
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { safeParse, type GenericIssue, type GenericSchema } from 'valibot';
import { isAuthentikError } from '../../src/index.js';

/**
 * The seed and number of runs of the property tests. CI uses the committed seed; `FC_SEED`, `FC_RUNS` and `FC_PATH`
 * replay or deepen a run: a failure prints `{ seed, path }`, and `FC_SEED=<seed> FC_PATH=<path> npx vitest run
 * test/properties` runs that very case (and its shrinking) again.
 */
export function propertyRuns(defaultRuns: number, msPerRun: number) {
  const seed = Number(process.env.FC_SEED ?? 20_261_202);
  const numRuns = Number(process.env.FC_RUNS ?? defaultRuns);
  const path = process.env.FC_PATH;
  // Shrinking replays cases in real time: it stops in time for fast-check to report the smallest failure found so far.
  const testTimeoutMs = 20_000 + numRuns * msPerRun;
  return {
    seed,
    numRuns,
    ...(path ? { path } : {}),
    interruptAfterTimeLimit: testTimeoutMs - 10_000,
    markInterruptAsFailure: true,
    testTimeoutMs,
  };
}

/** The classes of README's error table. */
export const DOCUMENTED = [
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'InternalServerError',
  'APIError',
  'APIConnectionError',
  'APIConnectionTimeoutError',
  'APIUserAbortError',
  'ResponseValidationError',
  'InvalidArgumentError',
  'TokenProviderError',
];

/** Everything an error may show: message, stack, JSON, inspect output, and its causes, all the way down. */
export function everythingShown(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 10; depth++) {
    const value = current as Error & { cause?: unknown };
    parts.push(
      String(value?.message),
      String(value?.stack),
      JSON.stringify(value) ?? '',
      inspect(value, { depth: 10, showHidden: true, getters: true }),
    );
    current = value?.cause;
  }
  return parts.join('\n');
}

/** The pieces of `secret` of 8 characters (every longer piece holds one) that `shown` contains. */
export function leakedPieces(shown: string, secret: string): string[] {
  const leaked = new Set<string>();
  for (let at = 0; at + 8 <= secret.length; at++)
    if (shown.includes(secret.slice(at, at + 8))) leaked.add(secret.slice(at, at + 8));
  return [...leaked];
}

/** The error's class as README names it, or a description of what it is instead. */
export function documentedClass(error: unknown): string {
  if (!isAuthentikError(error)) return `not an AuthentikError: ${inspect(error, { depth: 1 }).slice(0, 200)}`;
  return DOCUMENTED.includes(error.name) ? error.name : `undocumented class ${error.name}`;
}

/**
 * The problems of `data` against `schema`, unknown fields and unknown enum strings aside when `tolerant`: a newer
 * authentik may send both, and README promises them through.
 */
export function contractProblems(schema: GenericSchema, data: unknown, tolerant: boolean): GenericIssue[] {
  const result = safeParse(schema, data);
  if (result.success) return [];
  const newer = (issue: GenericIssue) =>
    (issue.type === 'strict_object' && issue.expected === 'never') ||
    (issue.type === 'picklist' && typeof issue.input === 'string');
  return result.issues.filter((issue) => !tolerant || !newer(issue));
}

/**
 * How a call ended, after how long, and how long it was given: its deadline, the margin, and however late the timers
 * ran.
 */
export type Settled = ({ ok: true; value: unknown } | { ok: false; error: unknown } | { ok: 'pending' }) & {
  ms: number;
  allowedMs: number;
};

/**
 * How the promise `start` returns settles, given `deadlineMs` and then `marginMs`. Both waits are timers, as the SDK's
 * deadline is: on a busy machine (other test files, garbage collection) a timer fires late, and by as much as the wait
 * ran late the call is given longer, so that only a call that overruns its deadline is reported (as 'pending'), not a
 * machine that was busy. The timers are cleared, so they are never counted as left behind.
 */
export async function settleWithin(
  start: () => Promise<unknown>,
  deadlineMs: number,
  marginMs: number,
): Promise<Settled> {
  const started = performance.now();
  const promise = Promise.resolve().then(start);
  let allowedMs = deadlineMs + marginMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = (ms: number) =>
    new Promise<number>((resolve) => (timer = setTimeout(() => resolve(performance.now() - started), ms)));
  const pending = (async () => {
    const late = (await wait(deadlineMs)) - deadlineMs;
    allowedMs += Math.max(0, late);
    // The margin's own timer may run late too: that time goes to the call as well, once.
    const marginLate = (await wait(marginMs)) - (deadlineMs + Math.max(0, late) + marginMs);
    if (marginLate > 5) {
      allowedMs += marginLate;
      await wait(marginLate);
    }
    return { ok: 'pending' as const };
  })();
  const outcome = await Promise.race([
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    pending,
  ]);
  clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started, allowedMs };
}

/** The number of active (ref'd) timers of this thread. */
export const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
/** The number of open sockets and listening servers of this thread. */
export const activeSockets = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;
/** The abort listeners on `signal`. */
export const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

/** Lets pending callbacks (a socket's close, a cleared timer's bookkeeping) run; `until` stops early. */
export async function quiesce(until: () => boolean = () => false, maxMs = 200): Promise<void> {
  const end = Date.now() + maxMs;
  do await new Promise((resolve) => setImmediate(resolve));
  while (!until() && Date.now() < end);
}
