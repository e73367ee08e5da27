import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMock } from '../../scripts/prism-in-process.js';
import { root, type Prism } from '../../scripts/prism.js';
import {
  Backend,
  createAuthentikClient,
  isAuthentikError,
  ResponseValidationError,
  type AuthentikClient,
  type ValidationMode,
} from '../../src/index.js';
import { recordViolations, STAGE_UUID, TOKEN } from '../support/index.js';
import { seededReads } from '../support/seeded-reads.js';

// Every authentik release this build supports; each has its uncurated extract in openapi/upstream/.
const VERSIONS = ['2025.8.6', '2025.10.4', '2025.12.6', '2026.2.0', '2026.5.6', '2026.8.3'] as const;
type Version = (typeof VERSIONS)[number];
// Seeded answers per read, release and mode: 10 in `npm test`, more with FUZZ_SEEDS (`npm run test:fuzz` sets 400 for
// both fuzzing files).
const SEEDS = Math.min(Number(process.env.FUZZ_SEEDS ?? 10), 100);
const extractOf = (version: Version) => join(root, 'openapi/upstream', `authentik-${version}.yaml`);

interface Operation {
  call(client: AuthentikClient): Promise<unknown>;
  /** For reads: the request whose raw answer the SDK's result must equal, and the part of it that is the result. */
  raw?: { path: string; pick?: (body: { results: unknown }) => unknown };
}
const body = {
  name: 'default-password',
  backends: [Backend.Inbuilt, Backend.LDAP],
  configure_flow: null,
  failed_attempts_before_cancel: 5,
  allow_show_password: false,
};
const OPERATIONS: Record<string, Operation> = {
  retrieve: { call: (c) => c.passwordStages.retrieve(STAGE_UUID), raw: { path: `/stages/password/${STAGE_UUID}/` } },
  list: {
    call: (c) => c.passwordStages.list({ search: 'login', page: 1, page_size: 20 }),
    raw: { path: '/stages/password/?search=login&page=1&page_size=20' },
  },
  listAll: {
    call: async (c) => {
      const stages = [];
      for await (const stage of c.passwordStages.listAll()) stages.push(stage);
      return stages;
    },
    raw: { path: '/stages/password/?page=1', pick: (page) => page.results },
  },
  usedBy: {
    call: (c) => c.passwordStages.usedBy(STAGE_UUID),
    raw: { path: `/stages/password/${STAGE_UUID}/used_by/` },
  },
  create: { call: (c) => c.passwordStages.create(body) },
  update: { call: (c) => c.passwordStages.update(STAGE_UUID, { name: 'renamed', backends: [Backend.Token] }) },
  patch: { call: (c) => c.passwordStages.patch(STAGE_UUID, { failed_attempts_before_cancel: 3 }) },
  delete: { call: (c) => c.passwordStages.delete(STAGE_UUID) },
};

/** Runs every operation against one mock; each cell is 'ok' or what went wrong. */
async function runOperations(url: string, validation: ValidationMode): Promise<Record<string, string>> {
  const cells: Record<string, string> = {};
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    const { fetch, violations } = recordViolations();
    const flagged: string[] = [];
    const client = createAuthentikClient({ baseUrl: url, token: TOKEN, fetch, validation });
    try {
      const data = await operation.call(client);
      if (operation.raw) {
        const sent = (await (
          await globalThis.fetch(url + operation.raw.path, { headers: { authorization: `Bearer ${TOKEN}` } })
        ).json()) as { results: unknown };
        const expected = operation.raw.pick ? operation.raw.pick(sent) : sent;
        if (JSON.stringify(data) !== JSON.stringify(expected)) flagged.push('the result differs from the raw answer');
      }
    } catch (error) {
      if (!isAuthentikError(error, ResponseValidationError)) throw error;
      flagged.push(...error.problems.map((problem) => `${problem.path}: ${problem.message}`));
    }
    flagged.unshift(...violations());
    cells[name] = flagged.length ? flagged.join('; ') : 'ok';
  }
  return cells;
}

const results: Partial<Record<Version, Record<'tolerant' | 'strict', Record<string, string>>>> = {};
const mocks: Partial<Record<Version, Prism>> = {};

beforeAll(async () => {
  for (const version of VERSIONS) {
    const mock = await startMock(extractOf(version));
    mocks[version] = mock;
    results[version] = {
      tolerant: await runOperations(mock.url, 'tolerant'),
      strict: await runOperations(mock.url, 'strict'),
    };
  }
});
afterAll(() => Promise.all(Object.values(mocks).map((mock) => mock.stop())));

/** The matrix as README shows it. */
function renderMatrix(): string {
  const names = Object.keys(OPERATIONS);
  const lines = [
    `| authentik | ${names.map((name) => `\`${name}\``).join(' | ')} |`,
    `| --- |${' --- |'.repeat(names.length)}`,
  ];
  for (const version of VERSIONS) {
    const { tolerant, strict } = results[version]!;
    const cells = names.map((name) =>
      tolerant[name] === 'ok' ? (strict[name] === 'ok' ? '✓' : '✓ (strict: departs)') : '✗',
    );
    lines.push(`| ${version} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

describe.each(VERSIONS)('one SDK build against the mock of authentik %s', (version) => {
  test('in the default mode every read resolves to exactly what the server sent and every write is accepted', () => {
    expect(results[version]!.tolerant).toEqual(Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, 'ok'])));
  });

  test('strict mode reports no departure from the contract', () => {
    expect(results[version]!.strict).toEqual(Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, 'ok'])));
  });

  test(`${SEEDS} generated answers of each read pass in both modes, returned as sent`, async () => {
    const seeds = Array.from({ length: SEEDS }, (_, index) => index + 1);
    const tolerant = await seededReads(extractOf(version), seeds, 'tolerant', true);
    const strict = await seededReads(extractOf(version), seeds, 'strict', false);
    expect([...tolerant.problems, ...strict.problems]).toEqual([]);
    expect([tolerant.accepted, strict.accepted]).toEqual([
      { retrieve: SEEDS, list: SEEDS, usedBy: SEEDS },
      { retrieve: SEEDS, list: SEEDS, usedBy: SEEDS },
    ]);
  });
});

describe.each(VERSIONS)('read-modify-write against the mock of authentik %s', (version) => {
  test("a retrieved stage, spread and changed, is sent back by update and patch with every other setting as it was, and the release's schema accepts it", async () => {
    const sent: unknown[] = [];
    const { fetch, violations } = recordViolations();
    const recording: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method !== 'GET') sent.push(await request.clone().json());
      return fetch(request);
    };
    const stages = createAuthentikClient({
      baseUrl: mocks[version]!.url,
      token: TOKEN,
      fetch: recording,
    }).passwordStages;
    const stage = await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, { ...stage, failed_attempts_before_cancel: 3 });
    await stages.patch(STAGE_UUID, { ...stage, allow_show_password: !stage.allow_show_password });
    const { name, backends, configure_flow, failed_attempts_before_cancel, allow_show_password } = stage;
    const settings = { name, backends, configure_flow, failed_attempts_before_cancel, allow_show_password };
    expect(sent).toEqual([
      { ...settings, failed_attempts_before_cancel: 3 },
      { ...settings, allow_show_password: !allow_show_password },
    ]);
    expect(violations()).toEqual([]);
  });
});

test('README shows this matrix', () => {
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(renderMatrix());
});
