// One call of the facade across its attempts, and the `fetch` the generated client is given for it: the deadline and
// the caller's signal as one AbortSignal, redirects followed as the Fetch standard follows them, and a record of what
// each attempt's answer was, or what it failed with.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  printable,
  TokenProviderError,
  type AuthentikError,
  type CallInfo,
} from './errors.js';
import type { RequestOptions, Settings } from './options.js';
import { redact } from './token.js';

const RETRIED_METHODS = new Set(['GET', 'PUT', 'DELETE']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** The Fetch standard's limit. */
const MAX_REDIRECTS = 20;
/** Request headers that carry credentials: never sent to another origin than their own (as Fetch and undici do). */
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
/** A Retry-After longer than this is not waited for: the call fails with the server's wait in `retryAfter`. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface Call extends CallInfo {
  /** 0 for POST and PATCH, which are never retried. */
  readonly maxRetries: number;
  abortCause: 'caller' | 'timeout' | undefined;
  /** The last attempt's answer as `fetch` returned it, its body once the client read it, and the URL it came from. */
  response: Response | undefined;
  body: string | undefined;
  answeredFrom: string;
  /** What the last attempt's fetch, or the reading of its body, failed with: the only failures retried. */
  networkFailure: { error: unknown } | undefined;
  askingProvider: boolean;
  /** The bearer token of the last attempt, so that errors can redact it. */
  token(): string | undefined;
  /** Handed to the generated client for this call. */
  readonly fetch: typeof fetch;
  info(): CallInfo;
  abortError(): AuthentikError;
  /** `promise`, unless the call is aborted or its deadline passes first: nothing plugged in outlives the deadline. */
  bound<T>(promise: Promise<T>): Promise<T>;
  /** Waits and resolves true; false at once when no attempt is left or the wait would outlast the deadline. */
  retry(retryAfterMs: number | undefined): Promise<boolean>;
  /** Clears the deadline and leaves the caller's signal, once the call has settled. */
  end(): void;
}

export function startCall(settings: Settings, method: string, options: RequestOptions = {}, url: () => string): Call {
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  const caller = options.signal;
  // One controller per call: fetch pays for one signal, whichever of the caller or the deadline fires it.
  const controller = timeoutMs > 0 || caller ? new AbortController() : undefined;
  const init = controller && { signal: controller.signal };
  let rejectAborted: (error: AuthentikError) => void = () => {};
  const aborted = controller && new Promise<never>((_, reject) => (rejectAborted = reject));
  // Raced only while an attempt or a wait is under way.
  aborted?.catch(() => {});
  const abort = (cause: 'caller' | 'timeout') => {
    call.abortCause ??= cause;
    controller!.abort();
    rejectAborted(call.abortError());
  };
  const onCallerAbort = () => abort('caller');
  // Called without a receiver: a browser's fetch throws "Illegal invocation" when `this` is not the window.
  const { fetch: send } = settings;
  const sendTo = (request: Request) => {
    call.answeredFrom = request.url;
    return send(request, init);
  };
  let sent: Request | undefined;
  const call: Call = {
    method,
    url: '',
    attempts: 0,
    maxRetries: RETRIED_METHODS.has(method) ? (options.maxRetries ?? settings.maxRetries) : 0,
    abortCause: undefined,
    requestId: undefined,
    response: undefined,
    body: undefined,
    answeredFrom: '',
    networkFailure: undefined,
    askingProvider: false,
    token: () => sent?.headers.get('authorization')?.slice('Bearer '.length),
    async fetch(input) {
      // The generated client always hands over the Request it built.
      const request = input as Request;
      if (call.abortCause) throw call.abortError();
      call.attempts++;
      call.url ||= request.url;
      sent = request;
      call.response = call.body = call.networkFailure = undefined;
      const spare = request.body === null ? undefined : request.clone();
      let response: Response;
      try {
        response = await sendTo(request);
        if (REDIRECTS.has(response.status) || response.type === 'opaqueredirect') {
          response = await follow(sendTo, request, spare, response, call);
        }
        call.answeredFrom = response.url || call.answeredFrom;
        call.requestId = response.headers.get('x-authentik-id') ?? undefined;
        // The client reads every body as text: a failure while reading is the network's, and the text tells an empty
        // body from `{}`.
        const read = response.text;
        const failed = (error: unknown) => Promise.reject((call.networkFailure = { error }).error);
        response.text = () => read.call(response).then((text) => (call.body = text), failed);
      } catch (error) {
        throw (call.networkFailure = { error }).error;
      }
      return (call.response = response);
    },
    info: () => ({
      method,
      url: call.url,
      attempts: call.attempts,
      requestId: call.requestId && printable(redact(call.requestId.slice(0, 100), call.token())),
    }),
    abortError() {
      // Aborted before a request was built.
      call.url ||= url();
      if (call.abortCause === 'caller') {
        return new APIUserAbortError(`The call was aborted: ${method} ${call.url}`, { cause: caller?.reason });
      }
      const timeout = new APIConnectionTimeoutError(`Timed out after ${timeoutMs} ms`, call.info());
      if (!call.askingProvider) return timeout;
      const message = `The token provider did not answer within ${timeoutMs} ms; no request was sent`;
      return new TokenProviderError(message, { cause: timeout });
    },
    bound: (promise) => (aborted ? Promise.race([promise, aborted]) : promise),
    async retry(retryAfterMs) {
      if (call.attempts > call.maxRetries || retryAfterMs! > MAX_RETRY_AFTER_MS) return false;
      const ms = retryAfterMs ?? backoff(call.attempts);
      if (Date.now() + ms > deadline) return false;
      let sleeping: ReturnType<typeof setTimeout> | undefined;
      const wait = new Promise((resolve) => (sleeping = setTimeout(resolve, ms)));
      await call.bound(wait).finally(() => clearTimeout(sleeping));
      return true;
    },
    end() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
  const timer = timeoutMs > 0 ? setTimeout(abort, timeoutMs, 'timeout') : undefined;
  if (caller?.aborted) abort('caller');
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return call;
}

// Redirects are followed here (the generated client asks fetch not to), so that credentials go only to their own
// origin, whatever `fetch` the caller injected. Browsers hide redirect targets ("opaqueredirect"): their own following,
// which drops them across origins, takes over.
async function follow(
  send: (request: Request) => Promise<Response>,
  first: Request,
  spare: Request | undefined,
  response: Response,
  call: Call,
) {
  let { url, method } = first;
  const headers = new Headers(first.headers);
  let body = spare && (await spare.arrayBuffer());
  for (let hops = 1; ; hops++) {
    if (response.type === 'opaqueredirect') {
      return send(new Request(url, { method, headers, body: body ?? null, redirect: 'follow' }));
    }
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return response;
    await response.body?.cancel();
    const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
    // As the Fetch standard has it, a redirect that cannot be followed is a network error; the Location is not quoted
    // (it may hold a password).
    const refused = refusal(next, hops);
    if (refused || !next) throw new APIConnectionError(`Redirect not followed (${refused})`, call.info());
    if (next.origin !== new URL(url).origin) for (const name of CREDENTIALS) headers.delete(name);
    // As browsers do: 303, and 301 or 302 after a POST, go on as a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      [method, body] = ['GET', undefined];
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    url = next.href;
    response = await send(new Request(url, { method, headers, body: body ?? null, redirect: 'manual' }));
  }
}

/** Why a redirect to `next` (after `hops` of them) is not followed; empty when it is. */
function refusal(next: URL | undefined, hops: number): string {
  if (hops > MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
  if (!next) return 'its Location is not a URL';
  if (!/^https?:$/.test(next.protocol)) return `to a ${next.protocol} URL: only http and https are followed`;
  return next.username || next.password ? 'to a URL with a user name or password' : '';
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, … at most 8 s. */
export function backoff(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.25);
}
