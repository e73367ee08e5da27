// What every property case checks after a call settled: the promises README makes, as functions of what was seen.
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { safeParse, type GenericIssue, type GenericSchema } from 'valibot';
import { isAuthentikError } from '../../src/index.js';

/**
 * The seed and number of runs of the property tests. CI uses the committed seed; `FC_SEED`, `FC_RUNS` and `FC_PATH`
 * replay or deepen a run: a failure prints `{ seed, path }`, and `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/properties`
 * runs that very case (and its shrinking) again.
 */
export function propertyRuns(defaultRuns: number, msPerRun: number) {
  const seed = Number(process.env.FC_SEED ?? 20_261_202);
  const numRuns = Number(process.env.FC_RUNS ?? defaultRuns);
  const path = process.env.FC_PATH;
  // Shrinking replays cases in real time: it stops in time for fast-check to report the smallest failure found so far.
  const testTimeoutMs = 20_000 + numRuns * msPerRun;
  return { seed, numRuns, ...(path ? { path } : {}), interruptAfterTimeLimit: testTimeoutMs - 10_000, testTimeoutMs };
}

/** The classes of README's error table. */
export const DOCUMENTED = [
  'BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'ConflictError', 'RateLimitError', 'InternalServerError',
  'APIError', 'APIConnectionError', 'APIConnectionTimeoutError', 'APIUserAbortError', 'ResponseValidationError', 'InvalidArgumentError', 'TokenProviderError',
];

/** Everything an error may show: message, stack, JSON, inspect output, and its causes, all the way down. */
export function everythingShown(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 10; depth++) {
    const value = current as Error & { cause?: unknown };
    parts.push(String(value?.message), String(value?.stack), JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true, getters: true }));
    current = value?.cause;
  }
  return parts.join('\n');
}

/** The pieces of `secret` of 8 characters (every longer piece holds one) that `shown` contains. */
export function leakedPieces(shown: string, secret: string): string[] {
  const leaked = new Set<string>();
  for (let at = 0; at + 8 <= secret.length; at++) if (shown.includes(secret.slice(at, at + 8))) leaked.add(secret.slice(at, at + 8));
  return [...leaked];
}

/** The error's class as README names it, or a description of what it is instead. */
export function documentedClass(error: unknown): string {
  if (!isAuthentikError(error)) return `not an AuthentikError: ${inspect(error, { depth: 1 }).slice(0, 200)}`;
  return DOCUMENTED.includes(error.name) ? error.name : `undocumented class ${error.name}`;
}

/**
 * The problems of `data` against `schema`, unknown fields and unknown enum strings aside when `tolerant`: a newer authentik
 * may send both, and README promises them through.
 */
export function contractProblems(schema: GenericSchema, data: unknown, tolerant: boolean): GenericIssue[] {
  const result = safeParse(schema, data);
  if (result.success) return [];
  const newer = (issue: GenericIssue) => (issue.type === 'strict_object' && issue.expected === 'never') || (issue.type === 'picklist' && typeof issue.input === 'string');
  return result.issues.filter((issue) => !tolerant || !newer(issue));
}

/** How a call ended, after how long, and how late a timer set for its deadline fired (0 when it settled before). */
export type Settled = ({ ok: true; value: unknown } | { ok: false; error: unknown } | { ok: 'pending' }) & { ms: number; lateMs: number };

/**
 * How the promise `start` returns settles. A probe timer is set for `deadlineMs`, as the SDK sets its own: on a busy machine
 * both fire late, and by how much is `lateMs`. The call is given up on (as 'pending') `marginMs` after the probe fired. Both
 * timers are cleared, so they are never counted as left behind.
 */
export async function settleWithin(start: () => Promise<unknown>, deadlineMs: number, marginMs: number): Promise<Settled> {
  const started = performance.now();
  const promise = Promise.resolve().then(start);
  let lateMs = 0;
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  const pending = new Promise<{ ok: 'pending' }>((resolve) => {
    timers.push(setTimeout(() => {
      lateMs = Math.max(0, performance.now() - started - deadlineMs);
      timers.push(setTimeout(resolve, marginMs, { ok: 'pending' }));
    }, deadlineMs));
  });
  const outcome = await Promise.race([promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })), pending]);
  for (const timer of timers) clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started, lateMs };
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
