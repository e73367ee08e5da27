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
  /** The `fetch` to send requests with. Default: `globalThis.fetch`. */
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

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
