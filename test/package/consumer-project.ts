import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import type { Runtime } from '../../scripts/runtimes.js';
import { root } from '../../scripts/prism.js';
import { backendLabel } from '../../src/index.js';
import type { MockStage } from './mock-stage.js';

export { STAGE_UUID } from './mock-stage.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The line every consumer prints for a retrieved stage. */
function stageLine(stage: MockStage): string {
  return `retrieved "${stage.name}" (${stage.pk}): backends ${stage.backends.map(backendLabel).join(', ')}; in ${stage.flow_set?.length} flow`;
}

/** What every consumer prints after retrieving STAGE_UUID: derived from what the mock serves, whatever its example. */
export const EXPECTED_LINE = stageLine(inject('mockStage'));

/**
 * Runs a program (with `env` in place of this process's environment, when given) and returns its standard output; a
 * failure carries both output streams.
 */
export async function exec(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}

/**
 * A project of its own in the system's temporary folder (outside this repository, so nothing resolves from its
 * node_modules), with `files` written and the packed tarball installed like any dependency from the registry.
 */
export async function consumerProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(inject('workspace'), 'project-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  await exec(
    npm,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', inject('tarball')],
    dir,
  );
  return dir;
}

/** This repository's TypeScript compiler (5.9.3), run on a consumer project's tsconfig.json. */
export function tsc(dir: string): Promise<string> {
  return exec(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], dir);
}

/**
 * How each runtime runs the program, with nothing reachable or fetched beyond 127.0.0.1 and the project's own files.
 */
export function command(runtime: Runtime, dir: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  switch (runtime.name) {
    case 'bun':
      // --no-install: a package missing from node_modules fails instead of being fetched.
      return { args: ['--no-install', 'main.js'], env: { ...env, DO_NOT_TRACK: '1' } };
    case 'deno':
      // Deno 2 resolves the package from the project's package.json and node_modules. --cached-only fails any
      // remote module instead of fetching it, --allow-net lets the program reach 127.0.0.1 and nothing else, and a
      // DENO_DIR of the project's own keeps the user's cache out of the proof.
      return {
        args: [
          'run',
          '--no-prompt',
          '--cached-only',
          '--no-lock',
          '--allow-net=127.0.0.1',
          `--allow-read=${dir}`,
          'main.js',
        ],
        env: { ...env, DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
      };
    default:
      return { args: ['main.js'], env };
  }
}
