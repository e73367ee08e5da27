// A global symbol, so that errors from another copy of this package or another realm are still recognised.
const KINDS = Symbol.for('authentik-password-stage.error-kinds');

/** One problem found in a value: where it is (`path`) and what is wrong. */
export type Problem = { path: string; message: string };

// Control characters, Unicode's line separators and its bidirectional controls: text from a server that holds them
// could rewrite the log line a message ends up in.
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with its control characters written as escapes (`\n`, `\u001b`): one line, showing what was sent. */
export const printable = (text: string) =>
  text.replace(CONTROLS, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `text` cut at `max` characters, with an ellipsis where it was cut. */
export const quote = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Base class of every error this SDK throws; its message never holds a control character. */
export class AuthentikError extends Error {
  /** The class's name, kept as data so that minified builds and other realms still agree on it. */
  static readonly kind: string = 'AuthentikError';
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(printable(message), options);
    const kinds: string[] = [];
    for (let type = new.target as typeof AuthentikError | undefined; type?.kind; type = Object.getPrototypeOf(type)) {
      if (kinds.at(-1) !== type.kind) kinds.push(type.kind);
    }
    Object.defineProperty(this, 'name', { value: kinds[0], enumerable: false, configurable: true, writable: true });
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }
}

type ErrorClass<E extends AuthentikError> = (abstract new (...args: never[]) => E) & { kind: string };

/** True when `value` is an error of this SDK of the class `type` (default: any), also from another realm or copy. */
export function isAuthentikError<E extends AuthentikError = AuthentikError>(
  value: unknown,
  type: ErrorClass<E> = AuthentikError as unknown as ErrorClass<E>,
): value is E {
  if (value instanceof type) return true;
  const kinds = typeof value === 'object' && value !== null ? (value as { [KINDS]?: unknown })[KINDS] : undefined;
  return Array.isArray(kinds) && kinds.includes(type.kind);
}

/** At most this many problems are written into a message; the error's own list holds them all. */
const PROBLEMS_SHOWN = 10;

function describeProblems(problems: readonly Problem[]): string {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map(({ path, message }) => quote(`${path || '(root)'}: ${message}`));
  const more = problems.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const afterAttempts = (attempts: number) => (attempts > 1 ? ` after ${attempts} attempts` : '');

/** The caller passed a value the API contract does not allow; nothing was sent. */
export class InvalidArgumentError extends AuthentikError {
  static override readonly kind: string = 'InvalidArgumentError';
  constructor(
    what: string,
    readonly problems: readonly Problem[],
  ) {
    super(`Invalid ${what}: ${describeProblems(problems)}`);
  }
}

/** The request an error belongs to; `attempts` counts retries too, `requestId` is authentik's `X-authentik-id`. */
export type CallInfo = { method: string; url: string; attempts: number; requestId?: string | undefined };

// The method and URL, and the request id authentik logs the call under, for messages.
const describeRequest = ({ method, url, requestId }: CallInfo) =>
  `${method} ${url}${requestId ? ` [request id ${requestId}]` : ''}`;

/** The server answered with a non-2xx status. */
export class APIError extends AuthentikError {
  static override readonly kind: string = 'APIError';
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  /** authentik's request id (`X-authentik-id`): the `request_id` its logs show for this call. */
  readonly requestId: string | undefined;

  /** `body` is the parsed JSON body, or the raw text when it was not JSON. */
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: unknown,
    request: CallInfo,
  ) {
    const detail = describeBody(body);
    const attempts = afterAttempts(request.attempts);
    super(`Request failed with status ${status}${attempts}: ${describeRequest(request)}${detail && ` (${detail})`}`);
    ({ method: this.method, url: this.url, attempts: this.attempts, requestId: this.requestId } = request);
  }

  /** authentik's reason (`{"detail": …}`), when the body gives one. */
  get detail(): string | undefined {
    return isRecord(this.body) && typeof this.body.detail === 'string' ? this.body.detail : undefined;
  }

  /** The server's `Retry-After` in seconds, when it sent one (429 and 503 answers may). */
  get retryAfter(): number | undefined {
    const ms = parseRetryAfter(this.headers.get('retry-after'));
    return ms === undefined ? undefined : ms / 1000;
  }
}

/** What a message quotes of an error body: its text or `detail` up to 200 characters, or its field errors. */
function describeBody(body: unknown): string {
  if (typeof body === 'string') return quote(body);
  if (!isRecord(body)) return '';
  return typeof body.detail === 'string' ? quote(body.detail) : describeProblems(validationProblems(body));
}

/**
 * authentik's ValidationError as a flat list; nested errors (per list item: `{"backends": {"1": […]}}`) at paths like
 * `backends[1]`.
 */
function validationProblems(value: unknown, path = ''): Problem[] {
  if (Array.isArray(value)) {
    const at = (item: unknown, index: number) => (isRecord(item) || Array.isArray(item) ? `${path}[${index}]` : path);
    return value.flatMap((item, index) => validationProblems(item, at(item, index)));
  }
  if (!isRecord(value)) return value === null || value === undefined ? [] : [{ path, message: String(value) }];
  return Object.entries(value).flatMap(([key, item]) => {
    if (key === 'non_field_errors') return validationProblems(item, path);
    if (!path) return key === 'code' ? [] : validationProblems(item, key);
    return validationProblems(item, /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`);
  });
}

/** 400: authentik rejected the input; `nonFieldErrors` and `fieldErrors` hold its ValidationError. */
export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
  readonly nonFieldErrors: readonly string[];
  readonly fieldErrors: Readonly<Record<string, readonly string[]>> = {};
  constructor(...args: ConstructorParameters<typeof APIError>) {
    super(...args);
    const problems = isRecord(this.body) ? validationProblems(this.body) : [];
    this.nonFieldErrors = problems.filter((problem) => problem.path === '').map((problem) => problem.message);
    const fieldErrors = this.fieldErrors as Record<string, string[]>;
    for (const { path, message } of problems) if (path) (fieldErrors[path] ??= []).push(message);
  }
}

/** The token is missing, wrong or expired: a 401, or a 403 with one of authentik's authentication failures. */
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
}

/** 403: the token is valid, but its user may not do this; `detail` is authentik's reason. */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
}

/** 404: no password stage has this uuid, or (`list`) the requested page does not exist. */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
}

/** 409: the change conflicts with the server's current state. */
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
}

/** 429: too many requests; `retryAfter` is the server's wait in seconds, when it said one. */
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
}

/** 500 and above: the server failed. */
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
}

/** No HTTP answer arrived: the connection failed, was reset, or the body was cut off. */
export class APIConnectionError extends AuthentikError {
  static override readonly kind: string = 'APIConnectionError';
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  constructor(reason: string, request: CallInfo, options?: { cause?: unknown }) {
    super(`${reason}${afterAttempts(request.attempts)}: ${describeRequest(request)}`, options);
    ({ method: this.method, url: this.url, attempts: this.attempts } = request);
  }
}

/** The call took longer than its `timeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {
  static override readonly kind: string = 'APIConnectionTimeoutError';
}

/** The caller's `AbortSignal` aborted the call. */
export class APIUserAbortError extends AuthentikError {
  static override readonly kind: string = 'APIUserAbortError';
}

/** The token provider threw, returned no (sendable) token, or did not answer by the deadline; nothing was sent. */
export class TokenProviderError extends AuthentikError {
  static override readonly kind: string = 'TokenProviderError';
}

/** A 2xx answer whose body breaks the API contract; `problems` lists each departure with its path. */
export class ResponseValidationError extends AuthentikError {
  static override readonly kind: string = 'ResponseValidationError';
  readonly method: string;
  readonly url: string;
  /** authentik's request id (`X-authentik-id`) of the answer. */
  readonly requestId: string | undefined;
  /** `body`: the parsed answer, or its text when it was not JSON of a textual type; never the token. */
  constructor(
    readonly problems: readonly Problem[],
    readonly status: number,
    readonly body: unknown,
    request: Omit<CallInfo, 'attempts'>,
  ) {
    const where = describeRequest(request as CallInfo);
    super(`Response breaks the API contract (status ${status}): ${where}: ${describeProblems(problems)}`);
    ({ method: this.method, url: this.url, requestId: this.requestId } = request);
  }
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its weekday and month; anything else (a negative number, say) is unreadable.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
