// Runs one generated operation: the call's fetch, auth and validator go in through the generated client's options; every outcome comes out as
// data or a typed error. Retries run the operation again: a body that breaks off is only seen after fetch returned, when the client reads it.
import type { GenericSchema } from 'valibot';
import type { Options } from '../generated/hey-api/sdk.gen.js';
import { untilAborted } from './auth.js';
import { backoff, startCall, type Call } from './call.js';
import { APIConnectionError, apiErrorClass, isAuthentikError, parseRetryAfter, ResponseValidationError, TokenProviderError } from './errors.js';
import type { Context, RequestOptions, WithResponse } from './options.js';
import { invalidArgument, redact, responseValidator } from './validation.js';

/** One operation as the facade runs it: its method, the argument its request validator checks, the schema of its 2xx body (none for 204). */
export type Operation = { method: string; what: string; answer?: GenericSchema };
/** What the facade adds to the generated operation's options. */
export type CallOptions = Pick<Options, 'client' | 'fetch' | 'auth' | 'responseValidator' | 'redirect'>;

const RETRIED_STATUSES = new Set([408, 429, 502, 503, 504]);
/** A Retry-After longer than this is not waited for: the call fails with the server's wait in `retryAfter`. */
const MAX_RETRY_AFTER_MS = 60_000;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
type Outcome = { data?: unknown; error?: unknown; response?: Response };

export async function run<T>(context: Context, operation: Operation, send: (options: CallOptions) => Promise<Outcome>, requestOptions?: RequestOptions): Promise<WithResponse<T>> {
  const { settings, provider } = context;
  const call = startCall(settings, operation.method, requestOptions);
  // Redirects are the call's fetch's (src/call.ts). `client` is inherited: the generated client hands all options to new Request(), and Deno
  // reads an init's `client` as its HTTP client; the operation still reads it, spreads leave it out.
  const options = Object.assign(Object.create(context.holder) as CallOptions, { fetch: call.fetch, redirect: 'manual' as const });
  const { signal } = call;
  if (provider && signal) options.auth = () => untilAborted(provider(), signal, () => tokenAbortError(call));
  if (operation.answer && settings.validation !== 'off') options.responseValidator = responseValidator(operation.answer, settings.validation === 'strict', call);
  try {
    for (;;) {
      let failure: unknown;
      let retryAfter: number | undefined;
      try {
        const { data, error, response } = await send(options);
        if (response?.ok) return { data: answer(operation, data, response, call) as T, response };
        if (response && !RETRIED_STATUSES.has(response.status)) throw apiError(response, error, call);
        if (response) retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (response && (call.attempts > call.maxRetries || retryAfter! > MAX_RETRY_AFTER_MS)) throw apiError(response, error, call);
        failure = error;
      } catch (error) {
        if (isAuthentikError(error)) throw error;
        if ((error as Error)?.name === 'ValiError') throw invalidArgument(error as never, operation.what);
        failure = error;
      }
      if (call.abortCause) throw call.abortError();
      // Nothing was sent: a request interceptor of the caller's threw, say. Theirs to see as it is.
      if (call.attempts === 0) throw failure;
      if (failure instanceof SyntaxError) {
        throw new ResponseValidationError([{ path: '', message: `body is not valid JSON (${redact(failure.message, call.token())})` }], call.status, undefined, call);
      }
      if (call.attempts > call.maxRetries) throw new APIConnectionError(`Connection failed (${describeCause(failure)})`, { ...call }, { cause: failure });
      await call.wait(retryAfter ?? backoff(call.attempts));
    }
  } finally {
    call.end();
  }
}

function apiError(response: Response, error: unknown, call: Call) {
  const body = redact(error, call.token());
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, redact(value, call.token()));
  return new (apiErrorClass(response.status, body))(response.status, headers, body, { ...call });
}

/** The data of a 2xx answer, once it is known to be the JSON the contract promises. */
function answer(operation: Operation, data: unknown, response: Response, call: Call): unknown {
  if (!operation.answer) return undefined;
  const type = response.headers.get('content-type');
  const fail = (message: string) => new ResponseValidationError([{ path: '', message }], response.status, redact(data, call.token()), call);
  if (!type || !JSON_TYPE.test(type)) {
    // Read as text, or (no content type at all) left unread as a stream, which must be released.
    if (data instanceof ReadableStream) void data.cancel().catch(() => {});
    throw fail(`expected an application/json body, got content type ${JSON.stringify(type ?? 'none')}`);
  }
  if (response.headers.get('content-length') === '0') throw fail('expected a JSON body, got an empty body');
  return data;
}

function tokenAbortError(call: Call) {
  const error = call.abortError();
  return call.abortCause === 'caller' ? error : new TokenProviderError(`The token provider did not answer within ${call.timeoutMs} ms; no request was sent`, { cause: error });
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const reason = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return typeof reason === 'string' ? reason : error instanceof Error ? error.message : String(error);
}
