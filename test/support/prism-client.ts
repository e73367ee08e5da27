import { inject } from 'vitest';
import { recordViolations } from '../../scripts/violations.js';
import { createAuthentikClient, type ClientOptions } from '../../src/index.js';
import { TOKEN } from './fixtures.js';

/**
 * A client of the Prism mock the test run started. `violations()` lists every request Prism flagged as breaking
 * the contract (its `sl-violations` header), as `METHOD URL: violation` lines.
 */
export function prismClient(options: ClientOptions = {}) {
  const { fetch, violations } = recordViolations();
  const client = createAuthentikClient({ baseUrl: inject('prismUrl'), token: TOKEN, fetch, ...options });
  return { client, violations };
}
