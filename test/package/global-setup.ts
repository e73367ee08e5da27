import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { root, startPrism } from '../../scripts/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarball: string;
    prismUrl: string;
    /** A temporary folder outside the repository for the consumer projects; removed after the run. */
    workspace: string;
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Builds and packs the SDK once, exactly as `npm publish` would, and starts one Prism mock for every consumer.
export default async function setup(project: TestProject) {
  const workspace = mkdtempSync(join(tmpdir(), 'authentik-password-stage-consumers-'));
  project.provide('workspace', workspace);
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', workspace], { cwd: root, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  project.provide('tarball', join(workspace, filename));
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return async () => {
    await prism.stop();
    rmSync(workspace, { recursive: true, force: true });
  };
}
