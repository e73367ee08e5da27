import { createClient, createConfig, type Client } from '../generated/hey-api/client/index.js';
import { clientAuth } from './auth.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { passwordStages, type PasswordStages } from './password-stages.js';

/** A client for one authentik server. */
export interface AuthentikClient {
  passwordStages: PasswordStages;
  /** The generated client this SDK client sends through: add interceptors to it, or pass it to the operations of `…/generated`. */
  client: Client;
}

/** Creates a client; its settings are its own, so clients for different servers or tokens never mix. */
export function createAuthentikClient(options: ClientOptions = {}): AuthentikClient {
  const settings = resolveOptions(options);
  const auth = clientAuth(settings.token);
  const client = createClient(createConfig({ baseUrl: settings.baseUrl, headers: settings.headers, auth, fetch: settings.fetch }));
  const provider = typeof auth === 'function' ? auth : undefined;
  return { client, passwordStages: passwordStages({ holder: Object.freeze({ client }), settings, provider }) };
}
