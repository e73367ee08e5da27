// The failures a test plans for the fake's next answers, checked when they are planned: a typo in a fault's name or
// an endless count must fail the test that made it, not hang it or make the fake answer nonsense.
import { detail, MESSAGES } from './answers.js';

const FAULTS: readonly Fault[] = ['unavailable', 'rate-limited', 'reset', 'no-answer'];
/** A failure for the next answers: 503, 429 with `Retry-After`, a reset connection, or an answer that never comes. */
export type Fault = 'unavailable' | 'rate-limited' | 'reset' | 'no-answer';
/** The options of `failNext`. */
export interface FaultOptions {
  /** How many of the next requests fail: a positive whole number. Default: 1. */
  times?: number | undefined;
  /** For `'rate-limited'` only: the seconds the 429 asks to wait, a whole number from 0. Default: 0. */
  retryAfter?: number | undefined;
}
/** What the fake makes of a request: an answer, or one of the faults no Response can express. */
export type Outcome = Response | 'reset' | 'no-answer';

const OPTIONS = ['times', 'retryAfter'];

function shown(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

function refuse(what: string, got: unknown): never {
  throw new TypeError(`failNext: ${what}; got ${shown(got)}`);
}

/** The faults planned for the next requests, oldest first, each with the number of requests it has left. */
export function createFaults() {
  const planned: { fault: Fault; retryAfter: number; left: number }[] = [];
  return {
    plan(fault: Fault, options: FaultOptions = {}): void {
      if (!FAULTS.includes(fault)) refuse(`fault must be one of ${FAULTS.join(', ')}`, fault);
      if (typeof options !== 'object' || options === null || Array.isArray(options))
        refuse('options must be an object', options);
      const unknown = Object.keys(options).find((key) => !OPTIONS.includes(key));
      if (unknown !== undefined) refuse(`options are ${OPTIONS.join(', ')}`, unknown);
      const { times = 1, retryAfter } = options;
      if (!Number.isSafeInteger(times) || times < 1) refuse('times must be a positive whole number', times);
      if (retryAfter !== undefined && fault !== 'rate-limited')
        refuse("retryAfter applies only to 'rate-limited'", fault);
      if (retryAfter !== undefined && !(Number.isSafeInteger(retryAfter) && retryAfter >= 0))
        refuse('retryAfter must be a whole number of seconds from 0', retryAfter);
      planned.push({ fault, retryAfter: retryAfter ?? 0, left: times });
    },
    /** The outcome of the next planned fault, if any is left. */
    next(): Outcome | undefined {
      const first = planned[0];
      if (!first) return undefined;
      if (--first.left === 0) planned.shift();
      if (first.fault === 'unavailable') return detail(503, MESSAGES.unavailable);
      if (first.fault !== 'rate-limited') return first.fault;
      const seconds = first.retryAfter;
      return detail(429, `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
        'retry-after': String(seconds),
      });
    },
  };
}
