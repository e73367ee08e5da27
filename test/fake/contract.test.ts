import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkContract, formatReport } from '../../scripts/contract.js';
import { startProxy } from '../../scripts/prism-in-process.js';
import { FRAGMENT, root } from '../../scripts/prism.js';
import { CONTRACT_RELEASE, createFakeAuthentik, RELEASES, type Release } from '../../src/testing/index.js';
import { DEFAULT_STAGE, SESSION, runSession, sessionFake, type Sent, type Step } from '../support/fake-session.js';

// The fake's parity with authentik's contract is judged by Prism's validating proxy, not by the fake's own
// assertions: every answer of a scripted session goes through the proxy, which reports what breaks the schema.
const extractOf = (release: Release) => join(root, 'openapi/upstream', `authentik-${release}.yaml`);

/**
 * What Prism found wrong with the answers; the session sends bad requests on purpose, so request findings do not count.
 */
function answerViolations(sent: Sent[]): string[] {
  return sent.flatMap(({ step, headers }) => {
    const header = headers.get('sl-violations');
    const found = header ? (JSON.parse(header) as { location?: string[]; message: string }[]) : [];
    return found
      .filter((violation) => violation.location?.[0] !== 'request')
      .map((violation) => `${step.method} ${step.path} → ${violation.message}`);
  });
}

const opened: (() => Promise<void>)[] = [];

/** Runs `steps` through a proxy of `spec` in front of the listen() of the session's fake of `release`. */
async function throughProxy(spec: string, release: Release, steps: Step[]): Promise<Sent[]> {
  const fake = sessionFake(release);
  const server = await fake.listen();
  const proxy = await startProxy(spec, server.url);
  opened.push(proxy.stop, server.close);
  return runSession(proxy.url, fake, steps);
}

// authentik's published schema declares no 404; the contract adds it (openapi/curation.yaml), so only the contract's
// session includes the 404 answers. Steps that repeat a request and answer kind run against the contract only.
const RELEASE_SESSION = SESSION.filter((step) => step.status !== 404 && !step.contractOnly);
let contract: Sent[];
const releases = new Map<Release, Sent[]>();

beforeAll(async () => {
  const [first, ...rest] = await Promise.all([
    throughProxy(FRAGMENT, CONTRACT_RELEASE, SESSION),
    ...RELEASES.map((release) => throughProxy(extractOf(release), release, RELEASE_SESSION)),
  ]);
  contract = first!;
  RELEASES.forEach((release, index) => releases.set(release, rest[index]!));
  console.log(`scripted calls through the proxy: contract ${contract.length}, each release ${RELEASE_SESSION.length}`);
});
afterAll(() => Promise.all(opened.map((stop) => stop())));

const statuses = (sent: Sent[]) => sent.map(({ step, status }) => `${step.method} ${step.path} → ${status}`);
const expected = (steps: Step[]) => steps.map((step) => `${step.method} ${step.path} → ${step.status}`);

describe("the fake keeps the contract, judged by Prism's validating proxy", () => {
  test('every operation and every error answer of the session keeps openapi/password-stage.yaml', () => {
    expect(statuses(contract)).toEqual(expected(SESSION));
    expect(answerViolations(contract)).toEqual([]);
  });

  test('README states the size of the session', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
      `${SESSION.length} calls against \`openapi/password-stage.yaml\` and ${RELEASE_SESSION.length} against each release's own schema`,
    );
  });

  test('every answer carries X-authentik-id, a uuid4 as 32 hex digits, through the proxy', () => {
    const ids = contract.map(({ headers }) => headers.get('x-authentik-id'));
    expect(ids.filter((id) => !/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(RELEASES)('as authentik %s, the session keeps that release’s own schema', (release) => {
    const sent = releases.get(release)!;
    expect(statuses(sent)).toEqual(expected(RELEASE_SESSION));
    expect(answerViolations(sent)).toEqual([]);
  });

  test('each release names the flow background, the frame layouts and the kept-on-delete action as that release does', () => {
    const shown = RELEASES.map((release) => {
      const sent = releases.get(release)!;
      const answered = (path: string) =>
        sent.find(({ step }) => step.method === 'GET' && step.path === path && step.status === 200)!.body;
      const flow = (answered(`/stages/password/${DEFAULT_STAGE}/`) as { flow_set: Record<string, unknown>[] })
        .flow_set[1]!;
      const usedBy = { body: answered(`/stages/password/${DEFAULT_STAGE}/used_by/`) };
      const actions = (usedBy.body as { action: string }[]).map((entry) => entry.action);
      return `${release}: ${'background_url' in flow ? 'background_url' : 'background'}, ${String(flow.layout)}, ${actions.join(' ')}`;
    });
    expect(shown).toEqual([
      '2025.8.6: background, sidebar_left, cascade cascade cascade',
      '2025.10.4: background, sidebar_left, cascade cascade cascade',
      '2025.12.6: background_url, sidebar_left, cascade cascade left_dangling',
      '2026.2.0: background_url, sidebar_left_frame_background, cascade cascade left_dangling',
      '2026.5.6: background_url, sidebar_left_frame_background, cascade cascade left_dangling',
      '2026.8.3: background_url, sidebar_left_frame_background, cascade cascade left_dangling',
    ]);
  });
});

test('npm run contract against the fake’s listen() finds no violation and no failed call', async () => {
  // The command's own code, run in this process (its argument handling and exit status are proven in
  // contract-command.test.ts): it exits 0 exactly when the report is ok.
  const fake = createFakeAuthentik();
  const server = await fake.listen();
  opened.push(server.close);
  const { text, ok } = formatReport(server.url, await checkContract(server.url, fake.token));
  expect(text).toMatch(/^4 request\(s\), 0 contract violation\(s\), 0 failed call\(s\)\.$/m);
  expect(ok).toBe(true);
  expect(fake.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
    'GET /api/v3/stages/password/?page_size=20 200',
    'GET /api/v3/stages/password/d168f99b-2fed-4329-952c-d51fd546d278/ 200',
    'GET /api/v3/stages/password/d168f99b-2fed-4329-952c-d51fd546d278/used_by/ 200',
    'GET /api/v3/stages/password/00000000-0000-4000-8000-000000000000/ 404',
  ]);
});
