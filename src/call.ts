// One call of the facade across its attempts, and the `fetch` the generated client is given for it: the deadline and the caller's signal as
// one AbortSignal, redirects followed so that the token stays on its origin.
import { APIConnectionTimeoutError, APIUserAbortError, type AuthentikError, type CallInfo } from './errors.js';
import type { RequestOptions, Settings } from './options.js';

const RETRIED_METHODS = new Set(['GET', 'PUT', 'DELETE']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface Call extends CallInfo {
  readonly timeoutMs: number;
  readonly maxRetries: number; // 0 for POST and PATCH, which are never retried
  readonly signal: AbortSignal | undefined; // fires when the caller aborts or the deadline passes
  abortCause: 'caller' | 'timeout' | undefined;
  status: number; // of the last answer
  token(): string | undefined; // the bearer token of the last attempt, so that errors can redact it
  readonly fetch: typeof fetch; // handed to the generated client for this call
  abortError(): AuthentikError;
  /** Waits before the next attempt; rejects with the abort error when the call is aborted meanwhile. */
  wait(ms: number): Promise<void>;
  /** Clears the deadline and leaves the caller's signal, once the call has settled. */
  end(): void;
}

export function startCall(settings: Settings, method: string, options: RequestOptions = {}): Call {
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const caller = options.signal;
  // One controller per call: fetch pays for one signal, whichever of the caller or the deadline fires it.
  const controller = timeoutMs > 0 || caller ? new AbortController() : undefined;
  const init = controller && { signal: controller.signal };
  const abort = (cause: 'caller' | 'timeout') => ((call.abortCause ??= cause), controller!.abort());
  const onCallerAbort = () => abort('caller');
  let sent: Request | undefined;
  const call: Call = {
    method,
    url: '',
    attempts: 0,
    timeoutMs,
    maxRetries: RETRIED_METHODS.has(method) ? (options.maxRetries ?? settings.maxRetries) : 0,
    signal: controller?.signal,
    abortCause: undefined,
    status: 0,
    token: () => sent?.headers.get('authorization')?.slice('Bearer '.length), // read only when an error needs redacting
    async fetch(input) {
      // The generated client always hands over the Request it built.
      const request = input as Request;
      if (call.abortCause) throw call.abortError();
      call.attempts++;
      call.url ||= request.url;
      sent = request;
      const spare = request.body === null ? undefined : request.clone();
      // Called without a receiver: a browser's fetch throws "Illegal invocation" when `this` is not the window.
      const { fetch: send } = settings;
      let response = await send(request, init);
      if (REDIRECTS.has(response.status) || response.type === 'opaqueredirect') response = await follow(send, init, request, spare, response);
      call.status = response.status;
      if (!response.ok || response.body === null || response.headers.has('content-length')) return response;
      // The generated client reads an empty body as {}: with its length known, an empty answer is seen as one.
      const body = await response.arrayBuffer();
      const headers = new Headers(response.headers);
      headers.set('content-length', String(body.byteLength));
      return new Response(body.byteLength ? body : null, { status: response.status, statusText: response.statusText, headers });
    },
    abortError() {
      if (call.abortCause === 'caller') return new APIUserAbortError(`The call was aborted: ${method} ${call.url}`, { cause: caller?.reason });
      return new APIConnectionTimeoutError(`Timed out after ${timeoutMs} ms`, { ...call });
    },
    wait: (ms) =>
      new Promise((resolve, reject) => {
        const signal = controller?.signal;
        if (signal?.aborted) return reject(call.abortError());
        const aborted = () => (clearTimeout(sleeping), reject(call.abortError()));
        const sleeping = setTimeout(() => (signal?.removeEventListener('abort', aborted), resolve()), ms);
        signal?.addEventListener('abort', aborted, { once: true });
      }),
    end: () => (clearTimeout(timer), caller?.removeEventListener('abort', onCallerAbort)),
  };
  const timer = timeoutMs > 0 ? setTimeout(abort, timeoutMs, 'timeout') : undefined;
  if (caller?.aborted) abort('caller');
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return call;
}

// Redirects are followed here (the generated client asks fetch not to), so that Authorization goes only to its own origin, whatever
// `fetch` the caller injected. Browsers hide redirect targets ("opaqueredirect"): their own following, which drops it across origins, takes over.
async function follow(send: typeof fetch, init: RequestInit | undefined, first: Request, spare: Request | undefined, response: Response) {
  let { url, method } = first;
  const headers = new Headers(first.headers);
  let body = spare && (await spare.arrayBuffer());
  for (let hops = 0; ; hops++) {
    if (response.type === 'opaqueredirect') return send(new Request(url, { method, headers, body: body ?? null, redirect: 'follow' }), init);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || hops === MAX_REDIRECTS) return response;
    await response.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) headers.delete('authorization');
    // As browsers do: 303, and 301 or 302 after a POST, go on as a GET without the body.
    const asGet = response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST');
    if (asGet) [method, body] = ['GET', undefined, headers.delete('content-type')];
    url = next.href;
    response = await send(new Request(url, { method, headers, body: body ?? null, redirect: 'manual' }), init);
  }
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, … at most 8 s. */
export function backoff(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.25);
}
