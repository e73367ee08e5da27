// Starts the Prism CLI's mock of an OpenAPI document on a free 127.0.0.1 port, as a child process. Tests that
// prove the in-process mocks (scripts/prism-in-process.ts) answer as the CLI does use it, as do the package checks.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { FRAGMENT, type Prism } from '../../scripts/prism.js';

/** A port on 127.0.0.1 that was free a moment ago (the OS picked it and it was released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `prism mock` (extra arguments such as `-d` or `--seed` pass through) and resolves once it listens. */
export function startPrism(spec = FRAGMENT, extraArgs: string[] = [], timeoutMs = 30_000): Promise<Prism> {
  return startPrismCommand(['mock', spec, ...extraArgs], timeoutMs);
}

async function startPrismCommand(args: string[], timeoutMs: number): Promise<Prism> {
  const port = await freePort();
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json')),
    'dist/index.js',
  );
  const child = spawn(process.execPath, [bin, ...args, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let onEarlyExit: (code: number | null, signal: string | null) => void = () => {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    function fail(reason: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Prism ${reason}. Its output:\n${output}`));
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    onEarlyExit = (code: number | null, signal: string | null) => fail(`exited (code ${code}, signal ${signal})`);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => fail(`could not be started: ${error.message}`));
  });
  child.off('exit', onEarlyExit);
  // Keep draining its output so a chatty mock never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
