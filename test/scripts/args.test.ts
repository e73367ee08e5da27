import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { parseBenchArgs } from '../../bench/run.js';
import { argsOrExit, UsageError } from '../../scripts/args.js';
import { parseContractArgs } from '../../scripts/contract.js';
import { root } from '../../scripts/prism.js';
import { parseRuntimesArgs } from '../../scripts/runtimes.js';
import { parseSpecDiffArgs } from '../../scripts/spec-diff.js';
import { DEFAULT_VERSION, parseSpecSyncArgs, USAGE as SPEC_SYNC_USAGE } from '../../scripts/spec-sync.js';

const API_ROOT = 'https://authentik.example.com/api/v3';

describe('npm run spec:sync', () => {
  test.each([
    [[], { version: DEFAULT_VERSION, upstream: false }],
    [['2025.8.6'], { version: '2025.8.6', upstream: false }],
    [['2025.8.6', '--upstream'], { version: '2025.8.6', upstream: true }],
    [['--upstream', '2026.8.3'], { version: '2026.8.3', upstream: true }],
  ])('%j reads as %j', (args, expected) => {
    expect(parseSpecSyncArgs(args)).toEqual(expected);
  });

  test.each([
    [['2025.8.6', '--upstrem'], /^Unknown option '--upstrem'/],
    [['--upstream=yes'], /^Option '--upstream' does not take an argument/],
    [['2025.8.6', '2025.10.4'], /^Unexpected argument "2025.10.4"/],
    [['latest'], /^Not an authentik version: "latest"/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseSpecSyncArgs(args)).toThrow(UsageError);
    expect(() => parseSpecSyncArgs(args)).toThrow(message);
  });

  // Starting Node with tsx takes seconds on a busy machine.
  test(
    'a mistyped flag stops it with its usage line and exit code 2, and no file under openapi/ is written',
    { timeout: 60_000 },
    async () => {
      const files = () =>
        readdirSync(join(root, 'openapi'), { recursive: true, encoding: 'utf8' }).map(
          (file) => `${file} ${statSync(join(root, 'openapi', file)).mtimeMs}`,
        );
      const before = files();
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/spec-sync.ts', '2025.8.6', '--upstrem'],
          { cwd: root },
          (error, out, err) => resolve({ code: error ? Number(error.code) : 0, stdout: out, stderr: err }),
        ),
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.startsWith(`Usage: ${SPEC_SYNC_USAGE}\nUnknown option '--upstrem'`), stderr).toBe(true);
      expect(files()).toEqual(before);
    },
  );
});

describe('npm run spec:diff', () => {
  test('takes two releases', () => {
    expect(parseSpecDiffArgs(['2025.10.4', '2026.8.3'])).toEqual({ from: '2025.10.4', to: '2026.8.3' });
  });

  test.each([
    [['2025.10.4'], /^Missing argument: 2 expected, 1 given/],
    [['2025.10.4', '2026.8.3', '--json'], /^Unknown option '--json'/],
    [['2025.10.4', '2026.8.3', '2026.5.6'], /^Unexpected argument "2026.5.6"/],
    [['2025.10', '2026.8.3'], /^Not an authentik version: "2025.10"/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseSpecDiffArgs(args)).toThrow(message);
  });
});

describe('npm run contract', () => {
  test('takes the api root and the token from --token, else from AUTHENTIK_TOKEN', () => {
    expect(parseContractArgs([API_ROOT], { AUTHENTIK_TOKEN: 'from-env' })).toEqual({
      apiRoot: API_ROOT,
      token: 'from-env',
    });
    expect(parseContractArgs([API_ROOT, '--token', 'from-flag'], { AUTHENTIK_TOKEN: 'from-env' })).toEqual({
      apiRoot: API_ROOT,
      token: 'from-flag',
    });
    expect(parseContractArgs(['--token=from-flag', API_ROOT])).toEqual({ apiRoot: API_ROOT, token: 'from-flag' });
  });

  test.each([
    [[API_ROOT, '--token'], /^Option '--token <value>' argument missing/],
    [['--tokn', 'x', API_ROOT], /^Unknown option '--tokn'/],
    [['--token', 'x'], /^Missing argument: 1 expected, 0 given/],
    [['authentik.example.com', '--token', 'x'], /^The api root must be an http\(s\) URL/],
    [[API_ROOT], /^No token: pass --token or set AUTHENTIK_TOKEN/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseContractArgs(args, {})).toThrow(message);
  });
});

describe('scripts/runtimes.ts', () => {
  test('lists every runtime without arguments, and passes everything after exec <runtime> on to it as it is', () => {
    expect(parseRuntimesArgs([])).toEqual({});
    expect(
      parseRuntimesArgs([
        'exec',
        'node24',
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'vitest.unit.config.ts',
      ]),
    ).toEqual({
      exec: { runtime: 'node24', args: ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.unit.config.ts'] },
    });
  });

  test.each([
    [['exec'], /^exec needs a runtime/],
    [['exec', 'node18', 'a.js'], /^Unknown runtime "node18"/],
    [['run', 'node24'], /^Unknown command "run"/],
    [['--list'], /^Unknown option '--list'/],
    [['exec', '--inspect', 'a.js'], /^Unknown option '--inspect'/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseRuntimesArgs(args)).toThrow(message);
  });
});

describe('npm run bench', () => {
  test('--smoke asks for the tiny run', () => {
    expect(parseBenchArgs([])).toEqual({ smoke: false });
    expect(parseBenchArgs(['--smoke'])).toEqual({ smoke: true });
  });

  test.each([
    [['--smok'], /^Unknown option '--smok'/],
    [['smoke'], /^Unexpected argument "smoke"/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseBenchArgs(args)).toThrow(message);
  });
});

test('a usage error is printed after the usage line and ends the process with exit code 2; other errors pass through', () => {
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${code}`);
  });
  const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    expect(() => argsOrExit('tool <file>', () => parseSpecDiffArgs(['--help']))).toThrow('exit 2');
    expect(printed.mock.calls).toEqual([[expect.stringMatching(/^Usage: tool <file>\nUnknown option '--help'/)]]);
    expect(() =>
      argsOrExit('tool <file>', () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
    expect(exit).toHaveBeenCalledTimes(1);
  } finally {
    vi.restoreAllMocks();
  }
});
