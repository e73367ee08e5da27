// npm run bench [-- --smoke]: retrieve speed, bundle size and import time of this SDK against raw fetch and
// other clients, measured in one run with interleaved batches; prints a table and writes bench/results.json.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { zPasswordStage } from '../generated/hey-api/zod.gen.js';
import { findProblems, responses } from '../src/checks.js';
import { STAGE } from './fixture.js';
import type { Batch } from './runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'out');
const smoke = process.argv.includes('--smoke');
const CLIENTS = ['raw', 'sdk', 'sdk-off', 'goauthentik', 'openapi-fetch'] as const;
type Client = (typeof CLIENTS)[number];
const LABELS: Record<Client, string> = {
  raw: 'raw fetch + res.json()',
  sdk: 'this SDK (default: validation, timeout, retries)',
  'sdk-off': "this SDK, validation: 'off'",
  goauthentik: '@goauthentik/api 2025.10.4',
  'openapi-fetch': 'openapi-fetch 0.17.0',
};
const config = smoke
  ? { rounds: 2, sequential: 50, inFlightRounds: 1, inFlightCount: 500, inFlight: 64, imports: 2, generates: 1, validations: 1_000 }
  : { rounds: 15, sequential: 1_000, inFlightRounds: 5, inFlightCount: 10_000, inFlight: 64, imports: 10, generates: 3, validations: 100_000 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const summary = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

async function buildAll(): Promise<Record<Client, number>> {
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, logLevel: 'error' as const, absWorkingDir: root };
  await build({ ...common, entryPoints: [join(here, 'server.ts')], platform: 'node', format: 'esm', outfile: join(out, 'server.mjs') });
  const sizes = {} as Record<Client, number>;
  for (const client of CLIENTS) {
    const source = join(here, 'clients', `${client}.ts`);
    await build({ ...common, entryPoints: [join(here, 'runner.ts')], alias: { 'bench-client': source }, platform: 'node', format: 'esm', outfile: join(out, `runner-${client}.mjs`) });
    await build({ ...common, entryPoints: [source], platform: 'node', format: 'esm', outfile: join(out, `import-${client}.mjs`) });
    // The retrieve-only browser bundle: the client module and what it pulls in, minified, then gzipped.
    const result = await build({ ...common, entryPoints: [source], platform: 'browser', format: 'esm', minify: true, write: false, outfile: join(out, `browser-${client}.js`) });
    sizes[client] = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  }
  return sizes;
}

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (value) => resolve(value as T));
    child.once('exit', (code) => reject(new Error(`process exited with ${code}`)));
  });
}

async function measureRequests(): Promise<{ sequential: Record<Client, number[]>; inFlight: Record<Client, number[]> }> {
  const server = fork(join(out, 'server.mjs'), { stdio: 'inherit' });
  const { port } = await message<{ port: number }>(server);
  const env = { ...process.env, BENCH_BASE_URL: `http://127.0.0.1:${port}/api/v3` };
  const runners = {} as Record<Client, ChildProcess>;
  for (const client of CLIENTS) {
    runners[client] = fork(join(out, `runner-${client}.mjs`), { env, stdio: 'inherit' });
    await message(runners[client]);
  }
  const ask = async (client: Client, batch: Batch) => {
    const pending = message<{ ns?: number; error?: string }>(runners[client]);
    runners[client].send(batch);
    const reply = await pending;
    if (reply.error) throw new Error(`${client}: ${reply.error}`);
    return reply.ns!;
  };
  try {
    for (const client of CLIENTS) await ask(client, { kind: 'sequential', count: config.sequential * 2 });
    for (const client of CLIENTS) await ask(client, { kind: 'in-flight', count: config.inFlightCount / 2, inFlight: config.inFlight });
    const sequential = Object.fromEntries(CLIENTS.map((client) => [client, [] as number[]])) as Record<Client, number[]>;
    const inFlight = Object.fromEntries(CLIENTS.map((client) => [client, [] as number[]])) as Record<Client, number[]>;
    // Batches run one at a time, in an order that rotates every round, so drift in the machine hits all alike.
    for (let round = 0; round < config.rounds; round++) {
      for (let i = 0; i < CLIENTS.length; i++) {
        const client = CLIENTS[(round + i) % CLIENTS.length]!;
        sequential[client].push(await ask(client, { kind: 'sequential', count: config.sequential }));
      }
    }
    for (let round = 0; round < config.inFlightRounds; round++) {
      for (let i = 0; i < CLIENTS.length; i++) {
        const client = CLIENTS[(round + i) % CLIENTS.length]!;
        inFlight[client].push(await ask(client, { kind: 'in-flight', count: config.inFlightCount, inFlight: config.inFlight }));
      }
    }
    return { sequential, inFlight };
  } finally {
    for (const child of [...Object.values(runners), server]) child.kill();
  }
}

/** Milliseconds from the start of `import()` to its end, in a fresh process each time. */
function measureImports(): Record<Client, number[]> {
  const times = {} as Record<Client, number[]>;
  const empty = join(out, 'import-empty.mjs');
  writeFileSync(empty, 'export {};\n');
  for (const client of [...CLIENTS]) {
    times[client] = [];
    for (let i = 0; i < config.imports; i++) {
      const target = client === 'raw' ? empty : join(out, `import-${client}.mjs`);
      const script = `const t = performance.now(); await import(${JSON.stringify(target)}); console.log(performance.now() - t);`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      times[client].push(Number(run.stdout.trim()));
    }
  }
  return times;
}

function measureGenerate(): number[] {
  const times: number[] = [];
  for (let i = 0; i < config.generates; i++) {
    const started = performance.now();
    for (const [bin, args] of [
      ['node_modules/@hey-api/openapi-ts/bin/run.js', []],
      ['node_modules/openapi-typescript/bin/cli.js', ['openapi/password-stage.yaml', '-o', 'generated/schema.d.ts']],
    ] as const) {
      const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${bin} failed:\n${run.stderr}`);
    }
    times.push(performance.now() - started);
  }
  return times;
}

/** ns per checked answer: the SDK's check (compiled predicate) in each mode, and zod's full parse for comparison. */
function measureValidation(): { tolerant: number; strict: number; zodParse: number } {
  const perCall = (check: () => unknown) => {
    for (let i = 0; i < 1_000; i++) check();
    const started = process.hrtime.bigint();
    for (let i = 0; i < config.validations; i++) check();
    return Number(process.hrtime.bigint() - started) / config.validations;
  };
  return {
    tolerant: perCall(() => responses.stage(STAGE, false)),
    strict: perCall(() => responses.stage(STAGE, true)),
    zodParse: perCall(() => findProblems(zPasswordStage, STAGE, { allowUnknownEnumValues: true, allowUnknownFields: true })),
  };
}

function ratios(times: Record<Client, number[]>, client: Client) {
  return summary(times[client].map((value, round) => value / times.raw[round]!));
}

async function main(): Promise<void> {
  const sizes = await buildAll();
  const { sequential, inFlight } = await measureRequests();
  const imports = measureImports();
  const generate = summary(measureGenerate());
  const validation = measureValidation();
  const fixed = (value: number, digits = 2) => value.toFixed(digits);
  const range = (s: { median: number; min: number; max: number }) => `${fixed(s.median)}× (${fixed(s.min)}–${fixed(s.max)})`;
  const rows = CLIENTS.map((client) => ({
    client,
    label: LABELS[client],
    sequentialNsPerCall: median(sequential[client]) / config.sequential,
    sequentialRatio: ratios(sequential, client),
    inFlightMsPer10k: (median(inFlight[client]) / 1e6) * (10_000 / config.inFlightCount),
    inFlightRatio: ratios(inFlight, client),
    bundleBytesGzip: sizes[client],
    importMs: median(imports[client]),
  }));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    `retrieve, ${config.rounds}×${config.sequential} sequential and ${config.inFlightRounds}×${config.inFlightCount} with ${config.inFlight} in flight; ratios are paired per round against raw fetch (median, min–max)`,
    '',
    '| client | sequential ns/call | vs raw | 64 in flight, ms/10k | vs raw | bundle B gz | import ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      `| ${row.label} | ${Math.round(row.sequentialNsPerCall)} | ${range(row.sequentialRatio)} | ${fixed(row.inFlightMsPer10k, 0)} | ${range(row.inFlightRatio)} | ${row.bundleBytesGzip} | ${fixed(row.importMs, 1)} |`,
    ),
    '',
    `npm run generate: ${fixed(generate.median / 1000)} s (median of ${config.generates}); checking one stage: ${fixed(validation.tolerant / 1000)} µs tolerant, ${fixed(validation.strict / 1000)} µs strict (zod's full parse: ${fixed(validation.zodParse / 1000)} µs)`,
    `machine: ${machine}${smoke ? ' (smoke run: counts too small to mean anything)' : ''}`,
  ];
  console.log(lines.join('\n'));
  if (!smoke) {
    const results = { date: new Date().toISOString(), machine, config, rows, generateMs: generate, validationNsPerResponse: validation };
    writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
