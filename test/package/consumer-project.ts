import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { root } from '../../scripts/prism.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The stage the mock answers with: the documented example of stages_password_retrieve. */
export const STAGE_UUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** What every consumer prints after retrieving STAGE_UUID from the mock. */
export const EXPECTED_LINE = `retrieved "string" (${STAGE_UUID}): backends User database + standard password; in 1 flow`;

/** Runs a program and returns its standard output; a failure carries both output streams. */
export async function exec(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
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
  await exec(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', inject('tarball')], dir);
  return dir;
}

/** This repository's TypeScript compiler (5.9.3), run on a consumer project's tsconfig.json. */
export function tsc(dir: string): Promise<string> {
  return exec(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], dir);
}
