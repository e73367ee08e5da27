import type { Client } from '../generated/hey-api/client/index.js';
import { InvalidArgumentError, type Problem } from './errors.js';

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
  /** An authentik API token (Directory › Tokens, intent "API"). Default: the `AUTHENTIK_TOKEN` environment variable. */
  token?: TokenSource | undefined;
  /** The `fetch` to send requests with; it is given a `Request` and an init with the call's `signal`. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
  /** Extra headers sent with every request. `Authorization` is always set from `token`. Default: none. */
  headers?: Record<string, string> | undefined;
  /** Deadline for a whole call, retries and waits included, in milliseconds. Default: 30 000 (`0` turns it off). */
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

/** What one SDK client shares with its calls; `provider` is its token provider, which each call bounds by its deadline. */
export type Context = { holder: { readonly client: Client }; settings: Settings; provider: (() => Promise<string>) | undefined };

/** The parsed data of a call together with the HTTP response it came from (headers, status). */
export type WithResponse<T> = { data: T; response: Response };

// Read only where there is a process (Node.js, Bun, Deno), and only when the option is not given.
const environment = (name: string) => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;

export function resolveOptions(options: ClientOptions) {
  const baseUrl = options.baseUrl ?? environment('AUTHENTIK_URL');
  const token = options.token ?? environment('AUTHENTIK_TOKEN');
  const problems: Problem[] = [];
  let root: URL | undefined;
  try {
    root = new URL(baseUrl ?? '', (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    problems.push({ path: 'baseUrl', message: baseUrl ? `is not a URL: ${JSON.stringify(baseUrl)}` : 'is required (or set AUTHENTIK_URL)' });
  }
  if (root && root.protocol !== 'http:' && root.protocol !== 'https:') problems.push({ path: 'baseUrl', message: 'must be an http(s) URL' });
  if (root && (root.search || root.hash)) problems.push({ path: 'baseUrl', message: 'must not have a query or fragment' });
  if (token === undefined || token === '') problems.push({ path: 'token', message: 'is required (or set AUTHENTIK_TOKEN)' });
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) problems.push({ path: 'timeoutMs', message: 'must be a number >= 0' });
  const maxRetries = options.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) problems.push({ path: 'maxRetries', message: 'must be an integer >= 0' });
  const validation = options.validation ?? 'tolerant';
  if (!['tolerant', 'strict', 'off'].includes(validation)) problems.push({ path: 'validation', message: "must be 'tolerant', 'strict' or 'off'" });
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') problems.push({ path: 'fetch', message: 'must be a function (no global fetch here)' });
  if (problems.length || !root || token === undefined) throw new InvalidArgumentError('client options', problems);
  const extra = Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  const headers: Record<string, string> = { accept: 'application/json', ...Object.fromEntries(extra.filter(([name]) => name !== 'authorization')) };
  return { baseUrl: root.href.replace(/\/+$/, ''), token, fetch: fetchImpl as typeof fetch, headers, timeoutMs, maxRetries, validation: validation as ValidationMode };
}
