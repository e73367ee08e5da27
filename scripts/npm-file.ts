// One file out of a package on the npm registry: `npm pack` fetches its tarball (no install, no install scripts),
// tar extracts only that file.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Extracts `file` (a path inside the package) of `spec` (`name@version`) into `dir`/package/; returns its path there.
 */
export async function fileFromPackage(spec: string, file: string, dir: string): Promise<string> {
  const { stdout } = await run(npm, ['pack', spec, '--json', '--pack-destination', dir], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as [{ filename: string }?];
  if (!packed) throw new Error(`npm pack produced no tarball for ${spec}`);
  await run('tar', ['-xzf', join(dir, packed.filename), '-C', dir, `package/${file}`]);
  return join(dir, 'package', file);
}
