import { spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pids below `pid`, from Linux's /proc/<pid>/task/<tid>/children. */
function descendants(pid: number, into = new Set<number>()): Set<number> {
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return into;
  }
  for (const task of tasks) {
    for (const child of (read(`/proc/${pid}/task/${task}/children`) ?? '').split(' ').filter(Boolean).map(Number)) {
      if (!into.has(child)) descendants(child, into.add(child));
    }
  }
  return into;
}

/** Whether `pid` still runs: a zombie has ended, it only waits for a parent to collect its status. */
export function running(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

export interface Tree {
  /** Every process of the tree seen while it ran, with its command line. */
  seen: Map<number, string>;
  /** Resolves when the spawned process exits (a leftover descendant may still hold its output open). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when every holder of its output has closed it. */
  output: Promise<{ stdout: string; stderr: string }>;
  pid: number;
}

/** Spawns a command and records its whole process tree every few milliseconds until it exits. */
export function spawnTree(command: string, args: string[], options: SpawnOptions): Tree {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = new Map<number, string>([[child.pid!, command]]);
  // Read again on every poll: a pid first seen between fork and exec still shows its parent's command line.
  const record = () => {
    for (const pid of descendants(child.pid!)) {
      const command = (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');
      if (command) seen.set(pid, command);
    }
  };
  const poll = setInterval(record, 20);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal });
    }),
  );
  const output = new Promise<{ stdout: string; stderr: string }>((resolve) =>
    child.once('close', () => resolve({ stdout, stderr })),
  );
  return { seen, exit, output, pid: child.pid! };
}

/**
 * The processes of `tree` still running after up to `withinMs` (an orphan notices its parent is gone on its own
 * time). They are then killed, so a failing test leaves nothing behind either.
 */
export async function leftRunning(tree: Tree, withinMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let left = [...tree.seen.keys()].filter(running);
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(running);
  }
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left.map((pid) => `${pid} ${tree.seen.get(pid)}`);
}
