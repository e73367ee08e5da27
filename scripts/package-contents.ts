// npm run size: what `npm pack` would publish (after `npm run build`): sizes and files, checked against the budget,
// and the retrieve-only page a consumer bundles from the packed package (scripts/consumer-bundle.ts). It fails when
// the tarball holds anything but the build, the docs and the licence, lacks a file that package.json points at, or
// outgrows the budget, or when that page outgrows its own.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_BUDGET, describeBundle, measurePackedBundle } from './consumer-bundle.js';
import { root } from './prism.js';

// Most of the bytes are the source maps; the rest is the three entries (the SDK, the generated operations and the
// test kit), left unminified so that consumers' bundlers see their pure annotations, and the declarations of the
// generated client that `authentik.client` and the `/generated` subpath expose.
const BUDGET = { packed: 150 * 1024, unpacked: 560 * 1024 };
const ALLOWED = [/^dist\/.+\.(js|d\.ts|js\.map)$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^package\.json$/];

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** Every file path that package.json's `exports` and `types` name, without the leading `./`. */
function entryFiles(manifest: { exports: unknown; types?: string }): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') found.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(manifest.exports);
  visit(manifest.types);
  return [...found];
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [pack] = JSON.parse(
  execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
) as [PackResult];
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: unknown; types?: string };

console.log(
  `${pack.filename}: tarball ${kB(pack.size)} (${pack.size} bytes), unpacked ${kB(pack.unpackedSize)} (${pack.unpackedSize} bytes), ${pack.files.length} files`,
);
for (const file of pack.files) console.log(`  ${String(file.size).padStart(7)}  ${file.path}`);

const bundle = await measurePackedBundle(root, { built: true });
console.log(describeBundle(bundle).join('\n'));

const paths = new Set(pack.files.map((file) => file.path));
const failures = [
  ...pack.files
    .filter((file) => !ALLOWED.some((pattern) => pattern.test(file.path)))
    .map((file) => `does not belong in the package: ${file.path}`),
  ...entryFiles(manifest)
    .filter((path) => !paths.has(path))
    .map((path) => `package.json points at a file the package lacks: ${path} (run npm run build)`),
  ...(pack.size > BUDGET.packed ? [`tarball ${kB(pack.size)} is over the budget of ${kB(BUDGET.packed)}`] : []),
  ...(pack.unpackedSize > BUDGET.unpacked
    ? [`unpacked ${kB(pack.unpackedSize)} is over the budget of ${kB(BUDGET.unpacked)}`]
    : []),
  ...(bundle.gzip > BUNDLE_BUDGET
    ? [`the retrieve-only page bundles to ${bundle.gzip} B gzip, over the budget of ${BUNDLE_BUDGET} B`]
    : []),
];
for (const failure of failures) console.error(failure);
process.exitCode = failures.length ? 1 : 0;
