import { createTransport } from './http.js';
import type { ClientOptions } from './options.js';
import { passwordStages, type PasswordStages } from './password-stages.js';

/** A client for one authentik server. */
export interface AuthentikClient {
  passwordStages: PasswordStages;
}

/** Creates a client; its settings are its own, so clients for different servers or tokens never mix. */
export function createAuthentikClient(options: ClientOptions = {}): AuthentikClient {
  const transport = createTransport(options);
  return { passwordStages: passwordStages(transport) };
}
