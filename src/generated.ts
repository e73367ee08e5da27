// `authentik-password-stage/generated`: the operations and types hey-api generates from the spec, for calls the
// facade does not wrap. Pass an SDK client's `client` as their `client` option to use its settings and token.
export * from '../generated/hey-api/index.js';
export type { Client, Options as ClientConfig, RequestResult } from '../generated/hey-api/client/index.js';
