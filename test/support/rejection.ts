import { expect } from 'vitest';

type Class<T> = abstract new (...args: never[]) => T;

/**
 * What `promise` rejects with; a promise that resolves fails the test, naming the value. With `expected`, the
 * error must be an instance of that class.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown>;
export async function rejectionOf<T>(promise: Promise<unknown>, expected: Class<T>): Promise<T>;
export async function rejectionOf(promise: Promise<unknown>, expected?: Class<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  if (expected) expect(outcome.error).toBeInstanceOf(expected);
  return outcome.error;
}
