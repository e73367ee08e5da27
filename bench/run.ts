// npm run bench [-- --smoke]: the client process's CPU time and wall time per retrieve, the retrieve-only bundle
// and import plus first result, for this SDK, the bare generated client it is built on, raw fetch and other
// clients, on Node 24 and on this machine's Node; measured in one run with interleaved batches. This SDK's bundle
// is measured from the packed package as a consumer's bundler sees it (scripts/consumer-bundle.ts), with its
// breakdown by source. Prints a table per runtime and writes bench/results.json.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describeBundle, measurePackedBundle, type BundleReport } from '../scripts/consumer-bundle.js';
import { argsOrExit, strictArgs } from '../scripts/args.js';
import { runtime } from '../scripts/runtimes.js';
import type { Batch, Timing } from './runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'out');

export const USAGE = 'npm run bench [-- --smoke]';

/** The command line of the benchmark; a wrong one throws UsageError. */
export function parseBenchArgs(args: readonly string[]): { smoke: boolean } {
  return { smoke: strictArgs(args, { smoke: { type: 'boolean', default: false } }).values.smoke };
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
const { smoke } = isMain ? argsOrExit(USAGE, () => parseBenchArgs(process.argv.slice(2))) : { smoke: true };
const CLIENTS = ['raw', 'generated', 'sdk', 'sdk-off', 'goauthentik', 'openapi-fetch'] as const;
type Client = (typeof CLIENTS)[number];
const LABELS: Record<Client, string> = {
  raw: 'raw fetch + res.json()',
  generated: 'bare generated client (no validation, deadline, retries)',
  sdk: 'this SDK, default (validation, deadline, retries)',
  'sdk-off': "this SDK, validation: 'off'",
  goauthentik: '@goauthentik/api 2025.10.4',
  'openapi-fetch': 'openapi-fetch 0.17.0',
};
const config = smoke
  ? {
      rounds: 2,
      sequential: 50,
      inFlightRounds: 1,
      inFlightCount: 500,
      inFlight: 64,
      firstCalls: 1,
      generates: 1,
      validations: 1_000,
    }
  : {
      rounds: 15,
      sequential: 1_000,
      inFlightRounds: 5,
      inFlightCount: 10_000,
      inFlight: 64,
      firstCalls: 10,
      generates: 3,
      validations: 100_000,
    };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
type Spread = ReturnType<typeof spread>;

/** The target for this SDK's retrieve-only page bundled from the packed package (`npm run size` holds the budget). */
const BUNDLE_TARGET = 11_000;

async function buildAll(packed: BundleReport): Promise<Record<Client, number>> {
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    logLevel: 'error' as const,
    absWorkingDir: root,
    platform: 'node' as const,
    format: 'esm' as const,
  };
  await build({ ...common, entryPoints: [join(here, 'server.ts')], outfile: join(out, 'server.mjs') });
  await build({
    ...common,
    entryPoints: [join(here, 'first-call.ts')],
    external: ['bench-client'],
    outfile: join(out, 'first-call.mjs'),
  });
  await build({ ...common, entryPoints: [join(here, 'validation.ts')], outfile: join(out, 'validation.mjs') });
  await build({ ...common, entryPoints: [join(here, 'overhead.ts')], outfile: join(out, 'overhead.mjs') });
  writeFileSync(join(out, 'client-raw-empty.mjs'), 'export { create } from "./client-raw.mjs";\n');
  const sizes = {} as Record<Client, number>;
  for (const client of CLIENTS) {
    const source = join(here, 'clients', `${client}.ts`);
    await build({
      ...common,
      entryPoints: [join(here, 'runner.ts')],
      alias: { 'bench-client': source },
      outfile: join(out, `runner-${client}.mjs`),
    });
    await build({ ...common, entryPoints: [source], outfile: join(out, `client-${client}.mjs`) });
    // The retrieve-only browser bundle: the client module and what it pulls in, minified, then gzipped. This SDK's
    // (validation on or off: the same code) is the page a consumer bundles from the packed package.
    if (client === 'sdk' || client === 'sdk-off') {
      sizes[client] = packed.gzip;
      continue;
    }
    const result = await build({
      ...common,
      entryPoints: [source],
      platform: 'browser',
      minify: true,
      write: false,
      outfile: join(out, `browser-${client}.js`),
    });
    sizes[client] = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  }
  return sizes;
}

/** A forked process that answers one message per request; its 'exit' is watched once, not per request. */
function worker(file: string, execPath: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = fork(file, { execPath, env, stdio: 'inherit' });
  let pending: { resolve(value: unknown): void; reject(error: Error): void } | undefined;
  child.on('message', (value) => pending?.resolve(value));
  child.once('exit', (code) => pending?.reject(new Error(`${file} exited with ${code}`)));
  const next = <T>() =>
    new Promise<T>((resolve, reject) => (pending = { resolve: resolve as (value: unknown) => void, reject }));
  return {
    ready: next<unknown>(),
    ask<T>(message: unknown): Promise<T> {
      const reply = next<T>();
      child.send(message as object);
      return reply;
    },
    next,
    kill: () => child.kill(),
  };
}

type Samples = Record<Client, Timing[]>;

async function measure(execPath: string) {
  const server = worker(join(out, 'server.mjs'), process.execPath, process.env);
  const { port } = (await server.ready) as { port: number };
  const env = { ...process.env, BENCH_BASE_URL: `http://127.0.0.1:${port}/api/v3` };
  const runners = {} as Record<Client, ReturnType<typeof worker>>;
  try {
    for (const client of CLIENTS) {
      runners[client] = worker(join(out, `runner-${client}.mjs`), execPath, env);
      await runners[client].ready;
    }
    const ask = async (client: Client, batch: Batch) => {
      const reply = await runners[client].ask<Timing & { error?: string }>(batch);
      if (reply.error) throw new Error(`${client}: ${reply.error}`);
      return reply;
    };
    for (const client of CLIENTS) await ask(client, { kind: 'sequential', count: config.sequential * 2 });
    for (const client of CLIENTS)
      await ask(client, { kind: 'in-flight', count: config.inFlightCount / 2, inFlight: config.inFlight });
    const sequential = Object.fromEntries(CLIENTS.map((client) => [client, []])) as unknown as Samples;
    const inFlight = Object.fromEntries(CLIENTS.map((client) => [client, []])) as unknown as Samples;
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
        inFlight[client].push(
          await ask(client, { kind: 'in-flight', count: config.inFlightCount, inFlight: config.inFlight }),
        );
      }
    }
    const firstCalls = {} as Record<Client, number[]>;
    for (const client of CLIENTS) {
      firstCalls[client] = [];
      for (let i = 0; i < config.firstCalls; i++) {
        const run = spawnSync(execPath, [join(out, 'first-call.mjs')], {
          encoding: 'utf8',
          env: { ...env, BENCH_MODULE: join(out, `client-${client}.mjs`) },
        });
        if (run.status !== 0) throw new Error(`first call of ${client} failed:\n${run.stderr}`);
        firstCalls[client].push(Number(run.stdout.trim()));
      }
    }
    const validation = spawnSync(execPath, [join(out, 'validation.mjs'), String(config.validations)], {
      encoding: 'utf8',
    });
    if (validation.status !== 0) throw new Error(`validation bench failed:\n${validation.stderr}`);
    const overhead = spawnSync(
      execPath,
      [join(out, 'overhead.mjs'), String(smoke ? 1 : 7), String(smoke ? 500 : 20_000)],
      { encoding: 'utf8' },
    );
    if (overhead.status !== 0) throw new Error(`overhead bench failed:\n${overhead.stderr}`);
    return {
      sequential,
      inFlight,
      firstCalls,
      validation: JSON.parse(validation.stdout) as Record<string, number>,
      overhead: JSON.parse(overhead.stdout) as Record<string, number>,
    };
  } finally {
    for (const child of [...Object.values(runners), server]) child.kill();
  }
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

function summarise(samples: Awaited<ReturnType<typeof measure>>, sizes: Record<Client, number>) {
  const { sequential, inFlight, firstCalls } = samples;
  const cpuPerCall = (timing: Timing, count: number) => timing.cpuUs / count;
  const perRound = (
    times: Samples,
    count: number,
    client: Client,
    against: Client,
    op: (a: number, b: number) => number,
  ) =>
    spread(
      times[client].map((timing, round) => op(cpuPerCall(timing, count), cpuPerCall(times[against][round]!, count))),
    );
  return CLIENTS.map((client) => ({
    client,
    label: LABELS[client],
    sequentialCpuUs: median(sequential[client].map((t) => cpuPerCall(t, config.sequential))),
    sequentialWallUs: median(sequential[client].map((t) => t.wallNs / 1e3 / config.sequential)),
    sequentialVsRaw: perRound(sequential, config.sequential, client, 'raw', (a, b) => a / b),
    sequentialOverBareUs: perRound(sequential, config.sequential, client, 'generated', (a, b) => a - b),
    inFlightCpuUs: median(inFlight[client].map((t) => cpuPerCall(t, config.inFlightCount))),
    inFlightVsRaw: perRound(inFlight, config.inFlightCount, client, 'raw', (a, b) => a / b),
    inFlightOverBareUs: perRound(inFlight, config.inFlightCount, client, 'generated', (a, b) => a - b),
    bundleBytesGzip: sizes[client],
    firstCallMs: median(firstCalls[client]),
  }));
}

function table(rows: ReturnType<typeof summarise>): string[] {
  const f = (value: number, digits = 1) => value.toFixed(digits);
  const ratio = (s: Spread) => `${f(s.median, 2)}× (${f(s.min, 2)}–${f(s.max, 2)})`;
  const diff = (s: Spread) => `${s.median >= 0 ? '+' : ''}${f(s.median)} (${f(s.min)} to ${f(s.max)})`;
  return [
    '| client | sequential CPU µs/call | vs raw | over bare client, µs | wall µs/call | 64 in flight CPU µs/call | vs raw | over bare client, µs | bundle B gz | import + first call ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${f(r.sequentialCpuUs)} | ${ratio(r.sequentialVsRaw)} | ${diff(r.sequentialOverBareUs)} | ${f(r.sequentialWallUs)} | ${f(r.inFlightCpuUs)} | ${ratio(r.inFlightVsRaw)} | ${diff(r.inFlightOverBareUs)} | ${r.bundleBytesGzip} | ${f(r.firstCallMs)} |`,
    ),
  ];
}

function targets(rows: ReturnType<typeof summarise>): string {
  const sdk = rows.find((row) => row.client === 'sdk')!;
  const raw = rows.find((row) => row.client === 'raw')!;
  const checks = [
    [`sequential CPU ${sdk.sequentialVsRaw.median.toFixed(2)}× raw (≤ 1.15×)`, sdk.sequentialVsRaw.median <= 1.15],
    [
      `sequential +${sdk.sequentialOverBareUs.median.toFixed(1)} µs over the bare client (≤ 15)`,
      sdk.sequentialOverBareUs.median <= 15,
    ],
    [
      `64 in flight +${sdk.inFlightOverBareUs.median.toFixed(1)} µs over the bare client (≤ 15)`,
      sdk.inFlightOverBareUs.median <= 15,
    ],
    [
      `bundle from the packed package ${sdk.bundleBytesGzip} B gz (≤ ${BUNDLE_TARGET.toLocaleString('en')})`,
      sdk.bundleBytesGzip <= BUNDLE_TARGET,
    ],
    [
      `import + first call raw +${(sdk.firstCallMs - raw.firstCallMs).toFixed(1)} ms (≤ +10)`,
      sdk.firstCallMs - raw.firstCallMs <= 10,
    ],
  ] as const;
  return checks.map(([text, met]) => `${met ? 'met' : 'MISSED'}: ${text}`).join('; ');
}

async function main(): Promise<void> {
  const packed = await measurePackedBundle(root);
  console.log(describeBundle(packed).join('\n'));
  const sizes = await buildAll(packed);
  const node24 = await runtime('node24');
  const runtimes = [
    { label: `Node ${node24.version}`, bin: node24.bin },
    { label: `Node ${process.version.slice(1)} (this machine)`, bin: process.execPath },
  ];
  const results = [];
  for (const { label, bin } of runtimes) {
    const samples = await measure(bin);
    const rows = summarise(samples, sizes);
    const { validation: v, overhead: o } = samples;
    results.push({ runtime: label, rows, validationNsPerAnswer: v, inMemoryCpuUsPerCall: o });
    const own = `with an in-memory fetch (no socket), CPU per retrieve: the generated operation on the SDK's own client ${o.generated!.toFixed(1)} µs (on a client of hey-api's defaults ${o['hey-api']!.toFixed(1)} µs), this SDK's default call +${o['sdk-over-generated']!.toFixed(1)} µs over it (≤ 5), validation off +${o['sdk-off-over-generated']!.toFixed(1)} µs`;
    const check = `checking one stage answer (valibot): ${(v.tolerant! / 1000).toFixed(2)} µs tolerant, ${(v.strict! / 1000).toFixed(2)} µs strict`;
    console.log([`\n${label}`, '', ...table(rows), '', `targets: ${targets(rows)}`, own, check].join('\n'));
  }
  const generate = spread(measureGenerate());
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
  console.log(
    [
      '',
      `retrieve, ${config.rounds}×${config.sequential} sequential and ${config.inFlightRounds}×${config.inFlightCount} with ${config.inFlight} in flight; CPU is the client process's user + system time (process.cpuUsage); ratios and differences are paired per round (median, min–max)`,
      `npm run generate: ${(generate.median / 1000).toFixed(2)} s (median of ${config.generates}); machine: ${machine}${smoke ? ' (smoke run: counts too small to mean anything)' : ''}`,
    ].join('\n'),
  );
  if (!smoke)
    writeFileSync(
      join(here, 'results.json'),
      `${JSON.stringify({ date: new Date().toISOString(), machine, config, generateMs: generate, bundle: packed, results }, null, 2)}\n`,
    );
}

if (isMain) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
