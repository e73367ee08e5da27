import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthentikError,
  InvalidArgumentError,
  ResponseValidationError,
  apiErrorClass,
  parseRetryAfter,
  type CallInfo,
  type Problem,
} from './errors.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ClientOptions, type RequestOptions, type TokenSource, type ValidationMode } from './options.js';

/** The parsed data of a call together with the HTTP response it came from (headers, status). */
export interface WithResponse<T> {
  data: T;
  response: Response;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The departures of an answer from its schema; `strict` also counts unknown fields and enum values. */
export type ResponseCheck = (data: unknown, strict: boolean) => Problem[];

/** One call to make: everything the transport needs, already checked by the caller. */
export interface Call {
  method: Method;
  /** Path below the API root, with path parameters already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Checks the 2xx body against the contract; absent when the answer has none (204). */
  response?: ResponseCheck;
}

/** A client's settings, resolved once when it is created. */
export interface Transport {
  baseUrl: string;
  token: TokenSource;
  /** The token when it is a valid string, checked once so that calls skip the provider path. */
  staticToken: string | undefined;
  /** `headers` with the static token's Authorization, built once (calls must not change it). */
  staticHeaders: Readonly<Record<string, string>> | undefined;
  fetch: typeof fetch;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  validation: ValidationMode;
}

const RETRYABLE_METHODS = new Set<Method>(['GET', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited for: the call fails with the server's wait in `retryAfter`. */
const MAX_RETRY_AFTER_MS = 60_000;
// Characters that cannot appear in an HTTP header value; fetch's own error would quote the value, i.e. the token.
const INVALID_TOKEN = /[^\x21-\x7e]/;

function environment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name] || undefined;
}

export function createTransport(options: ClientOptions): Transport {
  const baseUrl = options.baseUrl ?? environment('AUTHENTIK_URL');
  const token = options.token ?? environment('AUTHENTIK_TOKEN');
  const problems = [];
  let root: URL | undefined;
  try {
    root = new URL(baseUrl ?? '', (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    problems.push({ path: 'baseUrl', message: baseUrl ? `is not a URL: ${JSON.stringify(baseUrl)}` : 'is required (or set AUTHENTIK_URL)' });
  }
  if (root && root.protocol !== 'http:' && root.protocol !== 'https:') problems.push({ path: 'baseUrl', message: 'must be an http(s) URL' });
  if (root && (root.search || root.hash)) problems.push({ path: 'baseUrl', message: 'must not have a query or fragment' });
  if (token === undefined || token === '') problems.push({ path: 'token', message: 'is required (or set AUTHENTIK_TOKEN)' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) problems.push({ path: 'timeoutMs', message: 'must be a number >= 0' });
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) problems.push({ path: 'maxRetries', message: 'must be an integer >= 0' });
  const validation = options.validation ?? 'tolerant';
  if (!['tolerant', 'strict', 'off'].includes(validation)) problems.push({ path: 'validation', message: "must be 'tolerant', 'strict' or 'off'" });
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') problems.push({ path: 'fetch', message: 'must be a function (no global fetch here)' });
  if (problems.length || !root || token === undefined) throw new InvalidArgumentError('client options', problems);
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
  }
  return {
    baseUrl: root.href.replace(/\/+$/, ''),
    token,
    staticToken: staticToken(token),
    staticHeaders: staticToken(token) === undefined ? undefined : Object.freeze({ ...headers, authorization: `Bearer ${token as string}` }),
    fetch: fetchImpl,
    headers,
    timeoutMs,
    maxRetries,
    validation,
  };
}

function staticToken(token: TokenSource): string | undefined {
  return typeof token === 'string' && !INVALID_TOKEN.test(token) ? token : undefined;
}

async function resolveToken(source: TokenSource): Promise<string> {
  let token: unknown;
  try {
    token = typeof source === 'function' ? await source() : source;
  } catch (error) {
    throw new AuthentikError('The token provider failed; no request was sent', { cause: error });
  }
  if (typeof token !== 'string' || token === '') {
    throw new AuthentikError('The token provider returned no token (expected a non-empty string); no request was sent');
  }
  if (INVALID_TOKEN.test(token)) {
    throw new AuthentikError('The token contains whitespace or control characters; no request was sent');
  }
  return token;
}

function buildUrl(baseUrl: string, call: Call): string {
  let url = baseUrl + call.path;
  if (call.query) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query)) if (value !== undefined) search.append(key, String(value));
    const text = search.toString();
    if (text) url += `?${text}`;
  }
  return url;
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType);
}

function backoff(retry: number): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
  return delay * (0.75 + Math.random() * 0.25);
}

/** Why the call's signal fired: the caller, or the deadline. */
type AbortCause = 'caller' | 'timeout';

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Sends one call: token, headers, deadline and caller's signal combined into one AbortSignal, retries with
 * backoff where the method allows them, and every outcome turned into data or a typed error.
 */
export async function send<T>(transport: Transport, call: Call, options: RequestOptions = {}): Promise<WithResponse<T>> {
  const url = buildUrl(transport.baseUrl, call);
  const timeoutMs = options.timeoutMs ?? transport.timeoutMs;
  const maxRetries = RETRYABLE_METHODS.has(call.method) ? (options.maxRetries ?? transport.maxRetries) : 0;
  const callerSignal = options.signal;
  if (callerSignal?.aborted) throw new APIUserAbortError(`The call was aborted before it was sent: ${call.method} ${url}`, { cause: callerSignal.reason });

  // One controller per call: fetch pays for one signal, whichever of the caller or the deadline fires it.
  let abortCause: AbortCause | undefined;
  const controller = timeoutMs > 0 || callerSignal ? new AbortController() : undefined;
  const abort = (cause: AbortCause) => {
    abortCause ??= cause;
    controller!.abort();
  };
  const onCallerAbort = () => abort('caller');
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = timeoutMs > 0 ? setTimeout(abort, timeoutMs, 'timeout') : undefined;

  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const info: CallInfo = { method: call.method, url, attempts: 0 };
  try {
    for (;;) {
      info.attempts++;
      const token =
        transport.staticToken ??
        (await untilAborted(resolveToken(transport.token), controller?.signal, () => abortError(abortCause!, info, timeoutMs, callerSignal)));
      let headers: Record<string, string>;
      if (body === undefined && token === transport.staticToken && transport.staticHeaders) headers = transport.staticHeaders;
      else {
        headers = { ...transport.headers, authorization: `Bearer ${token}` };
        if (body !== undefined) headers['content-type'] = 'application/json';
      }
      let response: Response;
      let text: string;
      try {
        const init: RequestInit = { method: call.method, headers, redirect: 'manual' };
        if (body !== undefined) init.body = body;
        if (controller) init.signal = controller.signal;
        // Called without a receiver: a browser's fetch throws "Illegal invocation" when `this` is not the window.
        const { fetch: fetchImpl } = transport;
        response = await fetchImpl(url, init);
        if (REDIRECTS.has(response.status) || response.type === 'opaqueredirect') response = await followRedirects(fetchImpl, url, init, response);
        text = await response.text();
      } catch (error) {
        if (abortCause) throw abortError(abortCause, info, timeoutMs, callerSignal);
        if (info.attempts <= maxRetries) {
          await wait(backoff(info.attempts), controller?.signal, () => abortError(abortCause!, info, timeoutMs, callerSignal));
          continue;
        }
        throw new APIConnectionError(`Connection failed (${describeCause(error)})`, { ...info }, { cause: error });
      }

      if (!response.ok) {
        if (info.attempts <= maxRetries && RETRYABLE_STATUSES.has(response.status)) {
          const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
          if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS) {
            await wait(retryAfter ?? backoff(info.attempts), controller?.signal, () => abortError(abortCause!, info, timeoutMs, callerSignal));
            continue;
          }
        }
        const ErrorClass = apiErrorClass(response.status);
        throw new ErrorClass(response.status, redactHeaders(response.headers, token), parseErrorBody(redact(text, token)), { ...info });
      }
      try {
        return { data: readData<T>(transport.validation, call, response, text, info), response };
      } catch (error) {
        if (!text.includes(token)) throw error;
        // A server that echoes the token must not make it part of an error, which may end up in a log.
        readData(transport.validation, call, response, redact(text, token), info);
        throw new ResponseValidationError([{ path: '', message: 'the body repeats the request token' }], response.status, undefined, info);
      }
    }
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Follows redirects itself, so that the token goes only to the origin it was meant for, whatever `fetch` the
 * caller injected. Browsers hide redirect targets ("opaqueredirect"); there the browser's own following, which
 * drops Authorization across origins, takes over.
 */
async function followRedirects(fetchImpl: typeof fetch, url: string, init: RequestInit, first: Response): Promise<Response> {
  let current = url;
  let request = init;
  let response = first;
  for (let hops = 0; ; hops++) {
    if (response.type === 'opaqueredirect') return fetchImpl(current, { ...request, redirect: 'follow' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || hops === MAX_REDIRECTS) return response;
    await response.body?.cancel();
    const next = new URL(location, current);
    const headers = { ...(request.headers as Record<string, string>) };
    if (next.origin !== new URL(current).origin) delete headers.authorization;
    request = { ...request, headers };
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === 'POST')) {
      request.method = 'GET';
      delete request.body;
      delete headers['content-type'];
    }
    current = next.href;
    response = await fetchImpl(current, request);
  }
}

/** `promise`, unless `signal` fires first: a token provider that hangs must not outlive the deadline. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => AuthentikError): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(onAbort());
    signal.addEventListener('abort', aborted, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
  });
}

async function wait(ms: number, signal: AbortSignal | undefined, onAbort: () => AuthentikError): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch {
    throw onAbort();
  }
}

function abortError(cause: AbortCause, info: CallInfo, timeoutMs: number, callerSignal: AbortSignal | undefined): AuthentikError {
  if (cause === 'caller') {
    return new APIUserAbortError(`The call was aborted: ${info.method} ${info.url}`, { cause: callerSignal?.reason });
  }
  return new APIConnectionTimeoutError(`Timed out after ${timeoutMs} ms`, { ...info });
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

const REDACTED = '[redacted]';

function redact(text: string, token: string): string {
  return text.includes(token) ? text.replaceAll(token, REDACTED) : text;
}

function redactHeaders(headers: Headers, token: string): Headers {
  const safe = new Headers();
  for (const [name, value] of headers) safe.append(name, redact(value, token));
  return safe;
}

function parseErrorBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readData<T>(mode: ValidationMode, call: Call, response: Response, text: string, info: CallInfo): T {
  if (!call.response) return undefined as T;
  const fail = (message: string, body: unknown = text) => new ResponseValidationError([{ path: '', message }], response.status, body, info);
  if (!isJson(response.headers.get('content-type'))) {
    throw fail(`expected an application/json body, got content type ${JSON.stringify(response.headers.get('content-type') ?? 'none')}`);
  }
  if (text === '') throw fail('expected a JSON body, got an empty body');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail(`body is not valid JSON (${(error as Error).message})`);
  }
  if (mode === 'off') return data as T;
  const problems = call.response(data, mode === 'strict');
  if (problems.length) throw new ResponseValidationError(problems, response.status, data, info);
  // The parsed JSON is returned as sent: fields this SDK does not know yet stay available to the caller.
  return data as T;
}
