// Runs one generated operation: the call's fetch, auth and validator go in through the generated client's options;
// every outcome comes out as data or a typed error. Retries run the operation again: a body that breaks off is only
// seen when the client reads it.
import type { GenericSchema } from 'valibot';
import type { Options } from '../generated/hey-api/sdk.gen.js';
import { badBody, responseValidator } from './answers.js';
import { startCall, type Call } from './call.js';
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  isAuthentikError,
  isRecord,
  NotFoundError,
  parseRetryAfter,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
} from './errors.js';
import { checkCallOptions, type Context, type RequestOptions, type WithResponse } from './options.js';
import { invalidArgument } from './problems.js';
import { noteServerFields } from './server-fields.js';
import { redact } from './token.js';

/** What the facade adds to the generated operation's options. */
type CallOptions = Pick<Options, 'client' | 'fetch' | 'auth' | 'security' | 'responseValidator' | 'redirect'>;
/** The arguments of one call, as the generated operation takes them. */
export type Arguments = { path?: object; query?: object; body?: unknown; bodySerializer?: () => string };
/**
 * One operation: the generated function, its method and URL template, what its argument is called, its 2xx body's
 * schema, and where the stages of that body are.
 */
export type Operation = {
  send: (options: never) => Promise<Outcome>;
  method: string;
  url: string;
  what: string;
  answer?: GenericSchema;
  stagesOf?: (data: unknown) => unknown[];
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
  // new Request(), and Deno reads an init's `client` as its HTTP client; the operation still reads it, spreads leave
  // it out.
  const options = Object.assign(Object.create(holder) as CallOptions, args, { fetch: call.fetch, redirect: 'manual' });
  // The static token is a header of the client (src/client.ts): no auth step per call.
  if (!provider) options.security = undefined;
  else {
    options.auth = async () => {
      call.askingProvider = true;
      return provider().finally(() => (call.askingProvider = false));
    };
  }
  const validate = operation.answer && settings.validation !== 'off';
  if (validate) {
    // Only stages that the server of `baseUrl` sent teach the client fields: not those of an origin a redirect led to.
    const learn = (data: unknown) => {
      if (new URL(call.answeredFrom).origin !== new URL(settings.baseUrl).origin) return;
      noteServerFields(context.serverFields, operation.stagesOf!(data));
    };
    options.responseValidator = responseValidator(call, operation.answer!, settings.validation === 'strict', learn);
  }
  try {
    for (;;) {
      // Nothing runs (no token provider, no interceptor) for a call aborted before it started.
      if (call.abortCause) throw call.abortError();
      let outcome: Outcome = {};
      try {
        outcome = await call.bound(operation.send(options as never));
      } catch (error) {
        // A body that broke off is the network's, and retried; whatever else is thrown ends the call.
        const broken = call.networkFailure && error === call.networkFailure.error && !isAuthentikError(error);
        if (!broken) throw settle(error, call, operation);
      }
      const { data, error, response } = outcome;
      if (response?.ok) {
        // The validator checks the body first; it does not run when the client had nothing to read (204,
        // Content-Length: 0).
        const bad = operation.answer && (!validate || call.body === undefined) && badBody(call, response);
        if (bad) throw bad;
        return { data: (operation.answer ? data : undefined) as T, response };
      }
      if (response) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (!RETRIED_STATUSES.has(response.status) || !(await call.retry(retryAfter))) {
          throw apiError(response, error, call);
        }
        continue;
      }
      // No answer: the fetch (or the reading of the body) failed, or a redirect was refused, or the call was aborted.
      if (call.abortCause) throw call.abortError();
      // Not the network's: a request interceptor that returned no Request, say.
      if (!call.networkFailure) throw settle(error, call, operation);
      const failure = call.networkFailure.error;
      if (isAuthentikError(failure)) throw failure;
      if (!(await call.retry(undefined))) {
        const reason = `Connection failed (${describeCause(failure, call)})`;
        throw new APIConnectionError(reason, call.info(), { cause: failure });
      }
    }
  } finally {
    call.end();
  }
}

/** What a call that threw ends with: the SDK's own errors as they are, the caller's own (an interceptor's) unchanged. */
function settle(error: unknown, call: Call, operation: Operation): unknown {
  if (isAuthentikError(error)) return error;
  if (call.abortCause) return call.abortError();
  if ((error as Error)?.name === 'ValiError') return invalidArgument(error as never, operation.what);
  // Thrown after a 2xx body was read in full: the client's JSON.parse failed (SyntaxError, or RangeError for nesting
  // too deep to parse).
  const { response } = call;
  if (!response?.ok || call.body === undefined) return error;
  const parser = error instanceof RangeError ? 'nested too deeply to parse' : String((error as Error)?.message);
  const problem = { path: '', message: `body is not valid JSON (${redact(parser, call.token())})` };
  return badBody(call, response) || new ResponseValidationError([problem], response.status, undefined, call.info());
}

// What authentik's TokenAuthentication and Django REST framework say when the token is the problem.
const AUTHENTICATION_CODES = new Set(['not_authenticated', 'authentication_failed']);
const AUTHENTICATION_DETAILS = new Set([
  'Authentication credentials were not provided.',
  'Token invalid/expired',
  'Unsupported authentication type',
  'Malformed header',
  'Incorrect authentication credentials.',
]);

const CLASSES_BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** The class an answer with this status and body is reported as (a 403 may be an authentication failure). */
function apiErrorClass(status: number, body: unknown): typeof APIError {
  if (status >= 500) return InternalServerError;
  const { code, detail } = isRecord(body) ? body : {};
  if (status === 403 && (AUTHENTICATION_CODES.has(code as string) || AUTHENTICATION_DETAILS.has(detail as string))) {
    return AuthenticationError;
  }
  return CLASSES_BY_STATUS[status] ?? APIError;
}

function apiError(response: Response, error: unknown, call: Call) {
  const token = call.token();
  const body = redact(error, token);
  const headers = new Headers(
    [...response.headers].map(([name, value]): [string, string] => [name, redact(value, token)]),
  );
  return new (apiErrorClass(response.status, body))(response.status, headers, body, call.info());
}

function describeCause(error: unknown, call: Call): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const reason = typeof cause?.code === 'string' ? cause.code : cause?.message;
  return redact(typeof reason === 'string' ? reason : String((error as Error)?.message ?? error), call.token());
}
