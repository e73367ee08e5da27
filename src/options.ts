import type { Client } from '../generated/hey-api/client/index.js';
import { InvalidArgumentError, isRecord, type Problem } from './errors.js';
import type { ServerFields } from './server-fields.js';
import { tokenProblem } from './token.js';

/**
 * How answers are checked against the contract:
 * - `'tolerant'`: wrong types and missing required fields fail; unknown fields are kept and enum values this SDK
 *   does not know yet are passed through (a newer authentik may send them).
 * - `'strict'`: every departure from the contract fails, unknown fields and enum values included (contract tests).
 * - `'off'`: answers are returned as parsed JSON, unchecked.
 */
export type ValidationMode = 'tolerant' | 'strict' | 'off';

/** A bearer token, or a function that returns one (called before every request, so rotating tokens work). */
export type TokenSource = string | (() => string | Promise<string>);

/** Settings of one client. Each client keeps its own; nothing is shared between clients. */
export interface ClientOptions {
  /** The API root, e.g. `https://authentik.example.com/api/v3`. Default: the `AUTHENTIK_URL` environment variable. */
  baseUrl?: string | undefined;
  /**
   * An authentik API token (Directory › Tokens, intent "API"), without `Bearer `. Default: the `AUTHENTIK_TOKEN`
   * environment variable.
   */
  token?: TokenSource | undefined;
  /**
   * The `fetch` to send requests with; it is given a `Request` and an init with the call's `signal`. Default:
   * `globalThis.fetch`.
   */
  fetch?: typeof fetch | undefined;
  /** Extra headers sent with every request. `Authorization` is always set from `token`. Default: none. */
  headers?: Record<string, string> | undefined;
  /**
   * Deadline for a whole call, retries and waits included, in milliseconds (at most 2147483647). Default: 30 000 (`0`
   * turns it off).
   */
  timeoutMs?: number | undefined;
  /** How often a failed GET, PUT or DELETE is retried (connection errors, 408, 429, 502, 503, 504). Default: 2. */
  maxRetries?: number | undefined;
  /** How answers are checked against the contract. Default: `'tolerant'`. */
  validation?: ValidationMode | undefined;
}

/** Settings of one call; each overrides the client's. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Deadline for this call, retries included, in milliseconds (`0` turns it off). */
  timeoutMs?: number | undefined;
  /** How often this call is retried when it may be. */
  maxRetries?: number | undefined;
}

/** A client's options, checked and completed with their defaults once, when the client is created. */
export type Settings = ReturnType<typeof resolveOptions>;

/** What a client shares with its calls: its settings, token provider, and the stage fields its server sent. */
export type Context = {
  holder: { readonly client: Client };
  settings: Settings;
  provider: (() => Promise<string>) | undefined;
  serverFields: ServerFields;
};

/** The parsed data of a call together with the HTTP response it came from (headers, status). */
export type WithResponse<T> = { data: T; response: Response };

// setTimeout takes at most 2^31 - 1 ms; a longer delay fires at once.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const CLIENT_OPTIONS = ['baseUrl', 'token', 'fetch', 'headers', 'timeoutMs', 'maxRetries', 'validation'];
const CALL_OPTIONS = ['signal', 'timeoutMs', 'maxRetries'];
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;

// Read only where there is a process (Node.js, Bun, Deno), and only when the option is not given.
const environment = (name: string) =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;

type Check = (ok: unknown, path: string, message: string) => void;
const checker =
  (problems: Problem[]): Check =>
  (ok, path, message) =>
    void (ok || problems.push({ path, message }));

/** Checks the options both a client and a call take; `known` lists the option names allowed there. */
function checkShared(options: Record<string, unknown>, known: string[], check: Check): void {
  for (const key of Object.keys(options))
    check(known.includes(key), key, `is not an option (known: ${known.join(', ')})`);
  const { timeoutMs: ms, maxRetries, signal } = options;
  check(
    ms === undefined || (typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMEOUT_MS),
    'timeoutMs',
    `must be a number of milliseconds from 0 (no deadline) to ${MAX_TIMEOUT_MS}`,
  );
  check(
    maxRetries === undefined || (Number.isInteger(maxRetries) && (maxRetries as number) >= 0),
    'maxRetries',
    'must be an integer >= 0',
  );
  const isSignal =
    isRecord(signal) && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function';
  check(
    signal === undefined || isSignal,
    'signal',
    'must be an AbortSignal (pass controller.signal, not the controller)',
  );
}

/** A call's options, checked where they are given; nothing is sent when they are wrong. */
export function checkCallOptions(options: unknown): RequestOptions {
  const problems: Problem[] = [];
  if (isRecord(options)) checkShared(options, CALL_OPTIONS, checker(problems));
  else problems.push({ path: '', message: 'must be an object such as { timeoutMs: 5000 }' });
  if (problems.length) throw new InvalidArgumentError('call options', problems);
  return options as RequestOptions;
}

export function resolveOptions(options: ClientOptions) {
  if (!isRecord(options)) {
    const problem = { path: '', message: 'must be an object such as { baseUrl, token }' };
    throw new InvalidArgumentError('client options', [problem]);
  }
  const baseUrl: unknown = options.baseUrl ?? environment('AUTHENTIK_URL');
  const token = options.token ?? environment('AUTHENTIK_TOKEN');
  const problems: Problem[] = [];
  const check = checker(problems);
  checkShared(options, CLIENT_OPTIONS, check);
  // In a browser, a baseUrl may be relative to the page.
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const root = URL.canParse(baseUrl as string, page) ? new URL(baseUrl as string, page) : undefined;
  check(
    root,
    'baseUrl',
    baseUrl
      ? 'is not a URL (expected the API root, e.g. https://authentik.example.com/api/v3)'
      : 'is required (or set AUTHENTIK_URL)',
  );
  // Neither the URL nor a password in it is quoted: a message may end up in a log.
  check(!root || root.protocol === 'http:' || root.protocol === 'https:', 'baseUrl', 'must be an http(s) URL');
  check(
    !root || !(root.username || root.password),
    'baseUrl',
    'must not hold a user name or password (the token authenticates)',
  );
  check(!root || !/[?#]/.test(String(baseUrl)), 'baseUrl', 'must not have a query or fragment');
  check(token !== undefined && token !== '', 'token', 'is required (or set AUTHENTIK_TOKEN)');
  if (token && typeof token !== 'function') check(!tokenProblem(token), 'token', tokenProblem(token)!);
  const validation = options.validation ?? 'tolerant';
  check(
    ['tolerant', 'strict', 'off'].includes(validation as string),
    'validation',
    "must be 'tolerant', 'strict' or 'off'",
  );
  const fetchImpl = options.fetch ?? globalThis.fetch;
  check(typeof fetchImpl === 'function', 'fetch', 'must be a function (no global fetch here)');
  const headers: Record<string, string> = { accept: 'application/json' };
  const plain = isRecord(options.headers) && Object.getPrototypeOf(options.headers) === Object.prototype;
  check(options.headers === undefined || plain, 'headers', 'must be a plain object of header names and values');
  for (const [name, value] of Object.entries(plain ? options.headers! : {})) {
    // A value is never quoted: headers carry secrets such as cookies.
    if (!HEADER_NAME.test(name)) check(false, 'headers', `${JSON.stringify(name)} is not a header name`);
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value))
      check(false, `headers.${name}`, 'must be a string without line breaks or NUL');
    else if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
  }
  if (problems.length || !root) throw new InvalidArgumentError('client options', problems);
  return {
    baseUrl: root.href.replace(/\/+$/, ''),
    token: token as TokenSource,
    fetch: fetchImpl as typeof fetch,
    headers,
    timeoutMs: (options.timeoutMs ?? 30_000) as number,
    maxRetries: (options.maxRetries ?? 2) as number,
    validation: validation as ValidationMode,
  };
}
