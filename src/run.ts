// Runs one generated operation: the call's fetch, auth and validator go in through the generated client's options;
// every outcome comes out as data or a typed error. Retries run the operation again: a body that breaks off is only
// seen when the client reads it.
import type { GenericSchema } from 'valibot';
import type { Options } from '../generated/hey-api/sdk.gen.js';
import { startCall, type Call } from './call.js';
import {
  APIConnectionError,
  apiErrorClass,
  isAuthentikError,
  parseRetryAfter,
  ResponseValidationError,
} from './errors.js';
import { checkCallOptions, type Context, type RequestOptions, type WithResponse } from './options.js';
import { badBody, invalidArgument, redact, responseValidator } from './validation.js';

/** What the facade adds to the generated operation's options. */
type CallOptions = Pick<
  Options,
  'client' | 'fetch' | 'auth' | 'security' | 'responseValidator' | 'redirect' | 'bodySerializer'
>;
/** The arguments of one call, as the generated operation takes them. */
export type Arguments = { path?: object; query?: object; body?: unknown; bodySerializer?: () => string };
/**
 * One operation: the generated function, its method and URL template, what its body or query is called, its 2xx body's
 * schema.
 */
export type Operation = {
  send: (options: never) => Promise<Outcome>;
  method: string;
  url: string;
  what: string;
  answer?: GenericSchema;
};

const RETRIED_STATUSES = new Set([408, 429, 502, 503, 504]);
type Outcome = { data?: unknown; error?: unknown; response?: Response };

export async function run<T>(
  context: Context,
  operation: Operation,
  args: Arguments,
  requestOptions?: RequestOptions,
): Promise<WithResponse<T>> {
  const { settings, provider, holder } = context;
  // Call options are checked only when given: a call without them pays nothing.
  const checked = requestOptions === undefined ? undefined : checkCallOptions(requestOptions);
  // The URL, before a request is built, for an error of a call that never sent one.
  const url = () => {
    try {
      return holder.client.buildUrl({ url: operation.url, ...(args as object) });
    } catch {
      return settings.baseUrl + operation.url;
    }
  };
  const call = startCall(settings, operation.method, checked, url);
  // Redirects are the call's fetch's (src/call.ts). `client` is inherited: the generated client hands all options to
  // new Request(), and Deno reads an init's `client` as its HTTP client; the operation still reads it, spreads leave it
  // out.
  const options = Object.assign(Object.create(holder) as CallOptions, args, {
    fetch: call.fetch,
    redirect: 'manual' as const,
  });
  if (!provider)
    options.security = undefined; // the static token is a header of the client (src/client.ts): no auth step per call
  else
    options.auth = async () => (
      (call.askingProvider = true),
      await provider().finally(() => (call.askingProvider = false))
    );
  const validate = operation.answer && settings.validation !== 'off';
  if (validate)
    options.responseValidator = responseValidator(
      operation.answer!,
      settings.validation === 'strict',
      call,
      context.serverFields,
    );
  try {
    for (;;) {
      let outcome: Outcome = {};
      try {
        outcome = await call.bound(operation.send(options as never));
      } catch (error) {
        // A body that broke off is the network's, and retried; whatever else is thrown ends the call.
        if (!call.networkFailure || error !== call.networkFailure.error || isAuthentikError(error))
          throw settle(error, call, operation);
      }
      const { data, error, response } = outcome;
      if (response?.ok) {
        // The validator checks the body first; it does not run when the client had nothing to read (204,
        // Content-Length: 0).
        const bad = operation.answer && (!validate || call.body === undefined) && badBody(call, response);
        if (bad) throw bad;
        return { data: (operation.answer ? data : undefined) as T, response };
      }
      const retried =
        response &&
        RETRIED_STATUSES.has(response.status) &&
        (await call.retry(parseRetryAfter(response.headers.get('retry-after'))));
      if (response && !retried) throw apiError(response, error, call);
      if (response) continue;
      // No answer: the fetch (or the reading of the body) failed, or a redirect was refused, or the call was aborted.
      if (call.abortCause) throw call.abortError();
      // not the network's: a request interceptor that returned no Request, say
      if (!call.networkFailure) throw settle(error, call, operation);
      const failure = call.networkFailure.error;
      if (isAuthentikError(failure)) throw failure;
      if (!(await call.retry(undefined)))
        throw new APIConnectionError(`Connection failed (${describeCause(failure, call)})`, call.info(), {
          cause: failure,
        });
    }
  } finally {
    call.end();
  }
}

/**
 * What a call that threw ends with: the SDK's own errors as they are, the caller's own (an interceptor's, say)
 * unchanged.
 */
function settle(error: unknown, call: Call, operation: Operation): unknown {
  if (isAuthentikError(error)) return error;
  if (call.abortCause) return call.abortError();
  if ((error as Error)?.name === 'ValiError') return invalidArgument(error as never, operation.what);
  // Thrown after a 2xx body was read in full: the client's JSON.parse failed (SyntaxError, or RangeError for nesting
  // too deep to parse).
  const { response } = call;
  if (!response?.ok || call.body === undefined) return error;
  const reason =
    error instanceof RangeError
      ? 'nested too deeply to parse'
      : redact(String((error as Error)?.message), call.token());
  return (
    badBody(call, response) ||
    new ResponseValidationError(
      [{ path: '', message: `body is not valid JSON (${reason})` }],
      response.status,
      undefined,
      call.info(),
    )
  );
}

function apiError(response: Response, error: unknown, call: Call) {
  const token = call.token();
  const body = redact(error, token);
  const headers = new Headers(
    [...response.headers].map(([name, value]) => [name, redact(value, token)] as [string, string]),
  );
  return new (apiErrorClass(response.status, body))(response.status, headers, body, call.info());
}

function describeCause(error: unknown, call: Call): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const reason = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return redact(
    typeof reason === 'string' ? reason : error instanceof Error ? error.message : String(error),
    call.token(),
  );
}
