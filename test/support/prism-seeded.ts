// Prism's dynamic mock (`prism mock -d --seed <n>`) run inside this process. With a seed, Prism answers every
// request with the same generated body, so many distinct bodies need many seeds; starting one CLI process per seed
// would cost a second each, while an in-process server per seed costs milliseconds. The engine and its settings
// are the CLI's own: the same generator, request and response validation, and the same seed handling.
import { createRequire } from 'node:module';
import type { Prism } from '../../scripts/prism.js';
import { operationsOf, serveMock } from '../../scripts/prism-in-process.js';

const require = createRequire(import.meta.url);

/**
 * The CLI's own step that applies json-schema-faker options (the document's x-json-schema-faker and CLI flags).
 * Neither @stoplight/prism-cli (whose only entry is its command) nor @stoplight/prism-http exports a way to set
 * those options, so this one private module of the CLI is used, at its path in the pinned prism-cli 5.14.2;
 * test/contract/dynamic-mock.test.ts fails with the message below if an upgrade moves it.
 */
export const PRISM_EXTENSIONS = '@stoplight/prism-cli/dist/extensions.js';

type Extensions = { configureExtensionsUserProvided(spec: string, options: Record<string, unknown>): Promise<void> };

export function prismExtensions(): Extensions {
  let extensions: Partial<Extensions>;
  try {
    extensions = require(PRISM_EXTENSIONS) as Partial<Extensions>;
  } catch (error) {
    throw new Error(
      `${PRISM_EXTENSIONS} is gone: find where this Prism version applies json-schema-faker options and update test/support/prism-seeded.ts`,
      { cause: error },
    );
  }
  if (typeof extensions.configureExtensionsUserProvided !== 'function') {
    throw new Error(
      `${PRISM_EXTENSIONS} no longer exports configureExtensionsUserProvided: update test/support/prism-seeded.ts`,
    );
  }
  return extensions as Extensions;
}

export interface SeededMocks {
  /** Starts a dynamic mock that generates its answers from `seed`, on a free 127.0.0.1 port. */
  start(seed: number): Promise<Prism>;
}

/**
 * Prepares dynamic mocks of `spec`. `fillProperties: false` is the CLI's `--json-schema-faker-fillProperties=false`:
 * objects then carry only the fields the schema declares. The generator settings are global to the process, so
 * use one set of mocks at a time.
 */
export async function seededMocks(spec: string, { fillProperties }: { fillProperties: boolean }): Promise<SeededMocks> {
  const operations = await operationsOf(spec);
  await prismExtensions().configureExtensionsUserProvided(spec, { fillProperties });
  return { start: (seed) => serveMock(operations, { dynamic: true, seed: String(seed) }) };
}
