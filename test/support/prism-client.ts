import { inject } from 'vitest';
import { recordViolations } from '../../scripts/violations.js';
import { createAuthentikClient, type ClientOptions } from '../../src/index.js';
import { TOKEN } from './fixtures.js';

/**
 * A client of the Prism mock the test run started. `answers` holds each request's method, URL and answer status;
 * `violations()` lists every request Prism flagged as breaking the contract (its `sl-violations` header), as
 * `METHOD URL: violation` lines.
 */
export function prismClient(options: ClientOptions = {}) {
  const { fetch, answers, violations } = recordViolations();
  const client = createAuthentikClient({ baseUrl: inject('prismUrl'), token: TOKEN, fetch, ...options });
  return { client, answers, violations };
}
