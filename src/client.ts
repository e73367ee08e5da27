import { createClient, createConfig, type Client } from '../generated/hey-api/client/index.js';
import { clientAuth } from './auth.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { passwordStages, type PasswordStages } from './password-stages.js';

/** A client for one authentik server. */
export interface AuthentikClient {
  passwordStages: PasswordStages;
  /**
   * The generated hey-api client this SDK client sends through: add interceptors to it (they see this client's
   * requests only), or pass it as `client` to the operations of `authentik-password-stage/generated`.
   */
  client: Client;
}

/** Creates a client; its settings are its own, so clients for different servers or tokens never mix. */
export function createAuthentikClient(options: ClientOptions = {}): AuthentikClient {
  const settings = resolveOptions(options);
  const auth = clientAuth(settings.token);
  // The SDK follows redirects itself (src/call.ts); `fetch` is the caller's, for callers of the generated operations.
  const client = createClient(createConfig({ baseUrl: settings.baseUrl, headers: settings.headers, auth, fetch: settings.fetch, redirect: 'manual' }));
  const provider = typeof auth === 'function' ? auth : undefined;
  return { client, passwordStages: passwordStages({ client, settings, provider }) };
}
