import { createClient, createConfig, type Client } from '../generated/hey-api/client/index.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { passwordStages, type PasswordStages } from './password-stages.js';
import { tokenProvider } from './token.js';

/** A client for one authentik server. */
export interface AuthentikClient {
  passwordStages: PasswordStages;
  /**
   * The generated client this SDK client sends through: add interceptors to it, or pass it to the operations of
   * `…/generated`.
   */
  client: Client;
}

/** Creates a client; its settings are its own, so clients for different servers or tokens never mix. */
export function createAuthentikClient(options: ClientOptions = {}): AuthentikClient {
  const settings = resolveOptions(options);
  const { token } = settings;
  const provider = typeof token === 'function' ? tokenProvider(token) : undefined;
  // A static token is a header set once; a provider is the spec's bearer scheme (`auth`), asked before every attempt.
  const headers = provider ? settings.headers : { ...settings.headers, authorization: `Bearer ${token as string}` };
  // Every answer of this API is JSON: the client need not guess how to read it from its content type (src/answers.ts
  // checks that).
  const client = createClient(
    createConfig({ baseUrl: settings.baseUrl, headers, auth: provider, fetch: settings.fetch, parseAs: 'json' }),
  );
  return {
    client,
    passwordStages: passwordStages({
      holder: Object.freeze({ client }),
      settings,
      provider,
      serverFields: { names: new Set(), all: false },
    }),
  };
}
