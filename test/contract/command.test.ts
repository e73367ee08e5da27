import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root } from '../../scripts/prism.js';
import { parseViolations } from '../../scripts/contract.js';
import { DOCUMENTED_EXAMPLE, PAGE, sendJson, STAGE_UUID, startServer, TOKEN } from '../support/index.js';

type Answers = Record<string, [number, unknown]>;
const usedBy = [
  { app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'binding', action: 'cascade' },
];
// A stand-in for authentik that breaks the contract in two ways: stages come without their required `name`,
// and the list page's `pagination.next` is a string instead of a number.
const { name: _dropped, ...stageWithoutName } = DOCUMENTED_EXAMPLE;
const BREAKING: Answers = {
  '/api/v3/stages/password/': [
    200,
    { ...PAGE, pagination: { ...PAGE.pagination, next: '2' }, results: [stageWithoutName] },
  ],
  [`/api/v3/stages/password/${STAGE_UUID}/`]: [200, stageWithoutName],
  [`/api/v3/stages/password/${STAGE_UUID}/used_by/`]: [200, usedBy],
};
// One that keeps it.
const KEEPING: Answers = {
  '/api/v3/stages/password/': [200, PAGE],
  [`/api/v3/stages/password/${STAGE_UUID}/`]: [200, DOCUMENTED_EXAMPLE],
  [`/api/v3/stages/password/${STAGE_UUID}/used_by/`]: [200, usedBy],
};

/** A stand-in for authentik for the running test, answering `answers` by path, and 403 to the token `refused`. */
async function standIn(answers: Answers) {
  const server = await startServer((request, response) => {
    if (request.headers.authorization === 'Bearer refused')
      return sendJson(response, 403, { detail: 'Token invalid/expired' });
    const [status, body] = answers[new URL(request.url, server.url).pathname] ?? [
      404,
      { detail: 'No PasswordStage matches the given query.' },
    ];
    sendJson(response, status, body);
  });
  return {
    apiRoot: `${server.url}/api/v3`,
    authorizations: () => server.requests.map((request) => request.headers.authorization),
  };
}

function runContract(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/contract.ts'), ...args],
      { cwd: root, env: { ...process.env, AUTHENTIK_TOKEN: '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run contract', () => {
  test('names both ways a server breaks the contract and exits non-zero', async () => {
    const { apiRoot, authorizations } = await standIn(BREAKING);
    const { code, stdout } = await runContract([apiRoot], { AUTHENTIK_TOKEN: TOKEN });
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      new RegExp(
        `^retrieve: GET /stages/password/${STAGE_UUID}/ → 200  1 violation\\(s\\)\\n    Response body must have required property 'name'$`,
        'm',
      ),
    );
    expect(stdout).toMatch(/^list: GET \/stages\/password\/\?page_size=20 → 200 {2}2 violation\(s\)$/m);
    expect(stdout).toMatch(/^ {4}Response body property pagination\.next must be number$/m);
    expect(stdout).toMatch(/^ {4}Response body property results\.0 must have required property 'name'$/m);
    expect(stdout).toMatch(/^usedBy: GET \/stages\/password\/[^ ]+\/used_by\/ → 200 {2}ok$/m);
    expect(stdout).toMatch(
      /^retrieve \(unknown uuid, expects 404\): GET \/stages\/password\/00000000-0000-4000-8000-000000000000\/ → 404 {2}ok$/m,
    );
    expect(stdout).toMatch(/^4 request\(s\), 3 contract violation\(s\), 0 failed call\(s\)\.$/m);
    // The token from AUTHENTIK_TOKEN reached the server through the proxy, on every request.
    expect(new Set(authorizations())).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  test('takes the token from --token and exits 0 when every answer keeps the contract', async () => {
    const { apiRoot, authorizations } = await standIn(KEEPING);
    const { code, stdout } = await runContract([apiRoot, '--token', 'from-the-flag']);
    expect(stdout).toMatch(/^4 request\(s\), 0 contract violation\(s\), 0 failed call\(s\)\.$/m);
    expect(code).toBe(0);
    expect(new Set(authorizations())).toEqual(new Set(['Bearer from-the-flag']));
  });

  test('reports a call the server refuses as failed, with the status, and exits non-zero', async () => {
    const { apiRoot } = await standIn(BREAKING);
    const { code, stdout } = await runContract([apiRoot, '--token', 'refused']);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^list: GET \/stages\/password\/\?page_size=20 → 403 {2}FAILED\n {4}AuthenticationError: Request failed with status 403/m,
    );
    expect(stdout).toMatch(/^2 request\(s\), 0 contract violation\(s\), 2 failed call\(s\)\.$/m);
    expect(stdout).not.toContain('refused');
  });

  test('without a token it explains its usage and exits 2', async () => {
    const { apiRoot } = await standIn(BREAKING);
    const { code, stderr } = await runContract([apiRoot]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: npm run contract -- <api root/);
  });
});

test('a truncated or unreadable sl-violations header is still reported as a violation', () => {
  expect(parseViolations('Too many violations! [{"location":["response"]')).toHaveLength(1);
  expect(parseViolations('not json')).toEqual(['not json']);
  expect(parseViolations(null)).toEqual([]);
});
