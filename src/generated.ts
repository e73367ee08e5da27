// `authentik-password-stage/generated`: the operations and types hey-api generates from the spec, for calls the
// facade does not wrap. Pass an SDK client's `client` as their `client` option to use its settings and token.
import { ValiError as Rejection } from 'valibot';
export * from '../generated/hey-api/index.js';
export type { Client, Options as ClientConfig, RequestResult } from '../generated/hey-api/client/index.js';
/**
 * valibot's ValiError: what an operation rejects with, before sending, for an argument the spec does not allow; its
 * message starts with the field's path.
 */
export const ValiError = Rejection as unknown as abstract new (
  ...args: never[]
) => Error & { readonly issues: readonly { message: string; path?: readonly { key: unknown }[] }[] };
