// The retrieve-only browser bundle as a consumer's bundler builds it from the published package: `npm pack`, the
// tarball installed into a fresh project, a page that imports the package and calls `retrieve`, bundled by
// esbuild for the browser (minified), gzip -9. esbuild's metafile only sees the package's dist files; the
// breakdown by source follows the bundle's source map, which esbuild composes with the package's own maps, back
// to the SDK's sources, the generated client and valibot. Used by `npm run size` (the budget) and `npm run bench`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Gzip -9 bytes the retrieve-only page may reach; `npm run size` fails above it. It only ratchets down: the target is
 * 11,000, and 0.2.0's checks of options, redirects, request ids and read-modify-write cost about 2 kB of it (README,
 * "Performance").
 */
export const BUNDLE_BUDGET = 13_600;

const PAGE = `import { createAuthentikClient } from 'authentik-password-stage';

const stages = createAuthentikClient({ baseUrl: '/api/v3', token: document.body.dataset.token }).passwordStages;
stages.retrieve(document.body.dataset.stage).then((stage) => { document.title = stage.name; });
`;

export interface Contributor {
  /** A source file of the package (`src/run.ts`, `generated/hey-api/client/client.gen.ts`), or `valibot`. */
  source: string;
  /** Bytes of the minified bundle that come from it. */
  minified: number;
  /** How much smaller the gzipped bundle is without those bytes. */
  gzip: number;
}

export interface BundleReport {
  gzip: number;
  minified: number;
  /** The package files esbuild read, with the bytes each put in the bundle (its metafile). */
  files: Record<string, number>;
  contributors: Contributor[];
}

const gzip = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs the package at `root` (building it first unless `built`), installs the tarball in a fresh project and bundles
 * the page.
 */
export async function measurePackedBundle(root: string, { built = false } = {}): Promise<BundleReport> {
  const dir = mkdtempSync(join(tmpdir(), 'authentik-bundle-'));
  try {
    const pack = [npm, 'pack', '--json', '--pack-destination', dir, ...(built ? ['--ignore-scripts'] : [])] as const;
    const [{ filename }] = JSON.parse(
      execFileSync(pack[0], pack.slice(1), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
    ) as [{ filename: string }];
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'page', private: true, type: 'module' }));
    writeFileSync(join(app, 'page.js'), PAGE);
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', join(dir, filename)],
      { cwd: app, stdio: 'ignore' },
    );
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['page.js'],
      outdir: 'out',
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      sourcemap: 'external',
      metafile: true,
      write: false,
      logLevel: 'error',
    });
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.text;
    const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.js.map'))!.text) as {
      sources: string[];
      mappings: string;
    };
    const output = Object.values(result.metafile.outputs).find((entry) => entry.entryPoint)!;
    const files = Object.fromEntries(
      Object.entries(output.inputs).map(([path, { bytesInOutput }]) => [
        path.replace(/^node_modules\/authentik-password-stage\//, ''),
        bytesInOutput,
      ]),
    );
    return { gzip: gzip(code), minified: Buffer.byteLength(code), files, contributors: contributors(code, map) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `node_modules/authentik-password-stage/src/run.ts` → `src/run.ts`; valibot's files → `valibot`; the page and
 * esbuild's glue → `(page)`.
 */
function contributorOf(source: string | undefined): string {
  if (source?.includes('node_modules/valibot/')) return 'valibot';
  const own = source && /(?:^|\/)((?:src|generated)\/.+)$/.exec(source);
  return own ? own[1]! : source && !/(^|\/)page\.js$/.test(source) ? source : '(page)';
}

/** For every character of `code`, the index in `map.sources` of the source its mapping names, or -1 where none does. */
export function owners(code: string, map: { mappings: string }): Int32Array {
  const result = new Int32Array(code.length).fill(-1);
  const lines = code.split('\n');
  let lineStart = 0;
  let source = 0;
  map.mappings.split(';').forEach((segments, index) => {
    const line = lines[index] ?? '';
    let column = 0;
    const starts: [number, number][] = [];
    for (const segment of segments ? segments.split(',') : []) {
      const fields = decodeVlq(segment);
      column += fields[0]!;
      if (fields.length >= 4) source += fields[1]!;
      starts.push([column, fields.length >= 4 ? source : -1]);
    }
    starts.forEach(([start, owner], i) =>
      result.fill(owner, lineStart + start, lineStart + (starts[i + 1]?.[0] ?? line.length)),
    );
    lineStart += line.length + 1;
  });
  return result;
}

function contributors(code: string, map: { sources: string[]; mappings: string }): Contributor[] {
  // The last name is `(page)`, which `at(-1)` gives the characters no mapping names.
  const names = [...map.sources.map(contributorOf), contributorOf(undefined)];
  const owner = Array.from(owners(code, map), (index) => names.at(index)!);
  const total = gzip(code);
  const result: Contributor[] = [];
  for (const name of new Set(names)) {
    let rest = '';
    let minified = 0;
    for (let i = 0; i < code.length; i++) {
      if (owner[i] === name) minified++;
      else rest += code[i];
    }
    if (minified) result.push({ source: name, minified, gzip: total - gzip(rest) });
  }
  return result.sort((a, b) => b.gzip - a.gzip);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map segment's fields (base64 VLQ, as the source map format defines it). */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** The report as lines: the total, then each contributor (gzip bytes it adds, minified bytes), largest first. */
export function describeBundle(report: BundleReport): string[] {
  const files = Object.entries(report.files)
    .map(([path, bytes]) => `${path} ${bytes} B`)
    .join(', ');
  return [
    `retrieve-only browser bundle from the packed package: ${report.gzip} B gzip -9 (${report.minified} B minified; budget ${BUNDLE_BUDGET} B); package files in it: ${files}`,
    '  gzip B  minified B  source (gzip: how much smaller the bundle is without it)',
    ...report.contributors.map(
      (c) => `  ${String(c.gzip).padStart(6)}  ${String(c.minified).padStart(10)}  ${c.source}`,
    ),
  ];
}
