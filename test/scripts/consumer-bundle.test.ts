import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { owners } from '../../scripts/consumer-bundle.js';

test('the bundle breakdown credits every character to the source module it came from', async () => {
  const files: Record<string, string> = {
    'page.js': "import { a } from './a.js'; import { b } from './b.js'; console.log(a, b);",
    'a.js': "export const a = 'aaaaaaaaaaaaaaaaaaaa';",
    'b.js': "export const b = ['bbbbbbbbbb', 'bbbbbbbbbb'].join('');",
  };
  const result = await build({
    entryPoints: ['page.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    sourcemap: 'external',
    write: false,
    outdir: 'out',
    logLevel: 'silent',
    plugins: [
      {
        name: 'files',
        setup: (b) => {
          b.onResolve({ filter: /.*/ }, ({ path }) => ({ path: path.replace('./', ''), namespace: 'files' }));
          b.onLoad({ filter: /.*/, namespace: 'files' }, ({ path }) => ({ contents: files[path], loader: 'js' }));
        },
      },
    ],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.text;
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map'))!.text) as {
    sources: string[];
    mappings: string;
  };
  const credited = owners(code, map);
  const sourcesOf = (text: string) => {
    const start = code.indexOf(text);
    expect(start, text).toBeGreaterThanOrEqual(0);
    return [...new Set(Array.from(credited.subarray(start, start + text.length), (index) => map.sources[index]))];
  };
  expect(sourcesOf('aaaaaaaaaaaaaaaaaaaa')).toEqual(['files:a.js']);
  expect(sourcesOf('bbbbbbbbbb')).toEqual(['files:b.js']);
  expect(sourcesOf('console.log')).toEqual(['files:page.js']);
});
