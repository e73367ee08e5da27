// `npm run lint` fails on an import circle in src/ (type-only imports included): each module should depend on the ones
// below it only, so that it can be read, and moved, on its own.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(root, 'src', file));
const imports = new Map(
  files.map((file) => {
    const specifiers = [...readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)\.js'/g)].map(([, path]) => path!);
    const local = specifiers.map((path) => join(dirname(file), `${path}.ts`)).filter((path) => existsSync(path));
    return [file, local];
  }),
);

const circles = new Set<string>();
const walk = (file: string, path: string[]) => {
  for (const next of imports.get(file) ?? []) {
    if (path.includes(next))
      circles.add([...path.slice(path.indexOf(next)), next].map((f) => relative(root, f)).join(' → '));
    else walk(next, [...path, next]);
  }
};
for (const file of files) walk(file, [file]);
if (circles.size) {
  console.error(`Import circles in src/:\n${[...circles].join('\n')}`);
  process.exit(1);
}
console.log(`No import circle among ${files.length} modules of src/`);
