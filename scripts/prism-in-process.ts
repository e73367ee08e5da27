// Prism's mock server run inside this process: the CLI's engine (operations parsed from the document, request and
// answer validation, security check) without a child process. A mock started here costs the parse of its
// document, not a Node start, and it cannot outlive the process that started it.
import { createRequire } from 'node:module';
import type { Prism } from './prism.js';

const require = createRequire(import.meta.url);
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http') as typeof import('@stoplight/prism-http');
const { createServer } = require('@stoplight/prism-http-server') as typeof import('@stoplight/prism-http-server');
const { createLogger } = require('@stoplight/prism-core') as typeof import('@stoplight/prism-core');

export type Operations = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;
type MockConfig = { dynamic: false } | { dynamic: true; seed: string };

const logger = createLogger('mock', { level: 'silent' });

/** The operations of an OpenAPI document, parsed once and shared by any number of mocks. */
export const operationsOf = (spec: string): Promise<Operations> => getHttpOperationsFromSpec(spec);

/** Serves `operations` on a free 127.0.0.1 port with the settings the CLI uses by default. */
async function serve(operations: Operations, mock: MockConfig, upstream?: URL): Promise<Prism> {
  const server = createServer(operations, {
    cors: true,
    components: { logger },
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      upstreamProxy: undefined,
      mock: { ignoreExamples: false, ...mock },
      ...(upstream ? { isProxy: true, upstream } : { isProxy: false }),
    },
  });
  return { url: await server.listen(0, '127.0.0.1'), stop: () => server.close() };
}

/** A mock of `operations` as `prism mock` serves it, static or seeded dynamic. */
export const serveMock = (operations: Operations, mock: MockConfig): Promise<Prism> => serve(operations, mock);

/**
 * What `prism proxy <spec> <upstream>` runs: requests go on to `upstream`, and each request and answer is checked
 * against `spec`, departures reported in the answer's sl-violations header.
 */
export async function startProxy(spec: string, upstream: string): Promise<Prism> {
  return serve(await operationsOf(spec), { dynamic: false }, new URL(upstream));
}

/**
 * Starts the static mock of `spec`, what `prism mock <spec>` serves: each answer is the response's first named
 * example (`Prefer: example=<name>` picks another), else its schema's example. Static answers do not use the
 * json-schema-faker settings that dynamic mocks share process-wide, so static and seeded mocks can coexist.
 */
export async function startMock(spec: string): Promise<Prism> {
  return serveMock(await operationsOf(spec), { dynamic: false });
}
