// Where the project and its contract are, and what a running Prism mock offers, for the scripts and the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FRAGMENT = join(root, 'openapi/password-stage.yaml');

export interface Prism {
  /** The mock's API root, e.g. http://127.0.0.1:4010 */
  url: string;
  stop(): Promise<void>;
}
