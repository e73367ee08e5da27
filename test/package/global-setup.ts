import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { root } from '../../scripts/prism.js';
import { startPrism } from '../support/prism-cli.js';
import { RUNTIME_NAMES, runtime, type Runtime } from '../../scripts/runtimes.js';
import { fetchMockStage, type MockStage } from './mock-stage.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarball: string;
    prismUrl: string;
    /** A temporary folder outside the repository for the consumer projects; removed after the run. */
    workspace: string;
    /** The stage as the mock serves it, read without the SDK. */
    mockStage: MockStage;
    /** Every runtime of the matrix, installed from the npm registry (see scripts/runtimes.ts). */
    runtimes: Runtime[];
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Builds and packs the SDK once, exactly as `npm publish` would, and starts one Prism mock for every consumer.
export default async function setup(project: TestProject) {
  const runtimes: Runtime[] = [];
  for (const name of RUNTIME_NAMES) runtimes.push(await runtime(name));
  project.provide('runtimes', runtimes);
  const workspace = mkdtempSync(join(tmpdir(), 'authentik-password-stage-consumers-'));
  project.provide('workspace', workspace);
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', workspace], {
    cwd: root,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  project.provide('tarball', join(workspace, filename));
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  try {
    project.provide('mockStage', await fetchMockStage(prism.url));
  } catch (error) {
    await prism.stop();
    rmSync(workspace, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    await prism.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
}
