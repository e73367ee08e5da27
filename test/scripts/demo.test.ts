import { createServer } from 'node:http';
import { constants } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { root } from '../../scripts/prism.js';
import { listenOnLoopback, type Loopback } from '../support/index.js';
import { leftRunning, spawnTree, type Tree } from '../support/process-tree.js';

// `npm start` as users run it: npm, its `sh -c`, and the demo's Node process. Each test checks the exit status
// and that every process of that tree is gone afterwards.
const isDemo = (command: string) => command.includes('scripts/demo.ts');

// A server that takes the demo's first request and never answers, so a signal always finds the demo mid-call.
let server: Loopback;
let serverUrl: string;
// Each test's demo sends its own token, so concurrent tests know which demo has called.
const waiting = new Map<string, () => void>();
beforeAll(async () => {
  server = await listenOnLoopback(createServer((request) => waiting.get(request.headers.authorization ?? '')?.()));
  serverUrl = `${server.url}/api/v3`;
});
afterAll(() => server.close());

/**
 * The exit status a shell reports: npm ends by the signal it was sent once the demo has exited, so 128 + its number.
 */
const shellStatus = ({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }) =>
  code ?? 128 + constants.signals[signal!];

function demoWaitingForTheServer(token: string, options: { detached: boolean }): Promise<Tree> {
  const request = new Promise<void>((resolve) => waiting.set(`Bearer ${token}`, resolve));
  const tree = spawnTree('npm', ['start'], {
    cwd: root,
    detached: options.detached,
    env: { ...process.env, AUTHENTIK_URL: serverUrl, AUTHENTIK_TOKEN: token },
  });
  return request.then(() => tree);
}

describe.concurrent('npm start', () => {
  test('ends with status 0 and no error when its output pipe closes (npm start | head -1)', async () => {
    const tree = spawnTree('bash', ['-c', 'npm start | head -1; exit "${PIPESTATUS[0]}"'], { cwd: root });
    const { code } = await tree.exit;
    const { stdout, stderr } = await tree.output;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // head printed one line (npm's banner comes first, unless npm runs silent) and quit: the demo's writes hit EPIPE.
    expect(stdout).toMatch(/^[^\n]*\n$/);
    expect([...tree.seen.values()].some(isDemo), 'the demo ran').toBe(true);
    expect(await leftRunning(tree)).toEqual([]);
  });

  test('ends with status 143 and leaves no process when npm is sent SIGTERM', async () => {
    const tree = await demoWaitingForTheServer('sigterm-token', { detached: false });
    process.kill(tree.pid, 'SIGTERM');
    expect(shellStatus(await tree.exit)).toBe(143);
    expect([...tree.seen.values()].some(isDemo), 'the demo ran').toBe(true);
    expect(await leftRunning(tree)).toEqual([]);
  });

  test('ends with status 130 and leaves no process on Ctrl-C (SIGINT to the whole process group)', async () => {
    const tree = await demoWaitingForTheServer('sigint-token', { detached: true });
    process.kill(-tree.pid, 'SIGINT');
    expect(shellStatus(await tree.exit)).toBe(130);
    expect([...tree.seen.values()].some(isDemo), 'the demo ran').toBe(true);
    expect(await leftRunning(tree)).toEqual([]);
  });
});
