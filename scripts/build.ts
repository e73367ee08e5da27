// npm run build: dist/index.js is one ES module bundled by esbuild, with the parts of zod it uses, so that
// importing the SDK loads one file instead of zod's whole module graph (its locales alone are dozens of files)
// and needs no dependency; dist/src/*.d.ts are the declarations from tsc.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from './prism.js';

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// No public declaration refers to the zod schemas or the checks built on them: they live only inside
// dist/index.js, so the package needs no zod of its own at install time.
for (const file of ['dist/generated/hey-api/zod.gen.d.ts', 'dist/src/checks.d.ts', 'dist/src/fast-check.d.ts']) rmSync(join(root, file));

const zod = JSON.parse(readFileSync(join(root, 'node_modules/zod/package.json'), 'utf8')) as { version: string };
await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  // Names are kept, so stack traces stay readable even without the source map.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcesContent: true,
  banner: { js: `// authentik-password-stage. Includes parts of zod ${zod.version} (MIT licence, Copyright (c) 2025 Colin McDonnell).` },
  logLevel: 'warning',
});

// The map keeps the SDK's own sources (src/ is not published) but not zod's, which its own package has.
const mapFile = join(root, 'dist/index.js.map');
const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourcesContent: (string | null)[] };
map.sourcesContent = map.sources.map((source, index) => (source.includes('node_modules/') ? null : map.sourcesContent[index]!));
writeFileSync(mapFile, JSON.stringify(map));
