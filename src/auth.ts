import { AuthentikError, TokenProviderError } from './errors.js';
import type { TokenSource } from './options.js';

// Characters that cannot appear in an HTTP header value; fetch's own error would quote the value, i.e. the token.
const UNSENDABLE = /[^\x21-\x7e]/;
const UNSENDABLE_MESSAGE = 'The token contains whitespace or control characters; no request was sent';

/**
 * The generated client's `auth`: the spec's bearer scheme turns what it gives into `Authorization: Bearer …`.
 * A provider is asked before every attempt; whatever goes wrong rejects before anything is sent.
 */
export function clientAuth(source: TokenSource): string | (() => Promise<string>) {
  if (typeof source === 'string') {
    return UNSENDABLE.test(source) ? () => Promise.reject(new AuthentikError(UNSENDABLE_MESSAGE)) : source;
  }
  return async () => {
    const token: unknown = await Promise.resolve()
      .then(source)
      .catch((error: unknown) => Promise.reject(new TokenProviderError('The token provider failed; no request was sent', { cause: error })));
    if (typeof token !== 'string' || token === '') throw new TokenProviderError('The token provider returned no token (expected a non-empty string); no request was sent');
    if (UNSENDABLE.test(token)) throw new TokenProviderError(UNSENDABLE_MESSAGE);
    return token;
  };
}

/** `promise`, unless `signal` fires first: a provider that hangs must not outlive the call's deadline. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(onAbort());
    signal.addEventListener('abort', aborted, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
  });
}
