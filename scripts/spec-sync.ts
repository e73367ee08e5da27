// Extracts the password-stage part of authentik's published schema and applies openapi/curation.yaml.
// Usage: npm run spec:sync -- [version] [--upstream]
//   version     a @goauthentik/api version (default 2025.10.4)
//   --upstream  write the uncurated extract to openapi/upstream/authentik-<version>.yaml instead
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { argsOrExit, strictArgs, UsageError } from './args.js';
import { fileFromPackage } from './npm-file.js';

export const DEFAULT_VERSION = '2025.10.4';
export const PATH_PREFIX = '/stages/password/';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface CurationEntry {
  reason: string;
  set?: string;
  value?: Json;
  remove?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the uncurated extract of a release lives. */
export const upstreamPath = (version: string) => join(root, 'openapi/upstream', `authentik-${version}.yaml`);

export const USAGE = `npm run spec:sync -- [version] [--upstream]   (version: a @goauthentik/api version, default ${DEFAULT_VERSION})`;

/** `value` when it is an authentik release number such as 2025.10.4; else a UsageError. */
export function authentikVersion(value: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(value)) throw new UsageError(`Not an authentik version: ${JSON.stringify(value)}.`);
  return value;
}

/** The command line of spec:sync; a wrong one throws UsageError. */
export function parseSpecSyncArgs(args: readonly string[]): { version: string; upstream: boolean } {
  const { values, positionals } = strictArgs(args, { upstream: { type: 'boolean', default: false } }, { max: 1 });
  return { version: authentikVersion(positionals[0] ?? DEFAULT_VERSION), upstream: values.upstream };
}

/** The full schema.yml of `@goauthentik/api@<version>`, fetched with `npm pack`. */
export async function fetchUpstreamSchema(version: string): Promise<JsonObject> {
  const dir = await mkdtemp(join(tmpdir(), 'authentik-schema-'));
  try {
    const schema = await fileFromPackage(`@goauthentik/api@${version}`, 'schema.yml', dir);
    return parse(await readFile(schema, 'utf8'), { maxAliasCount: -1 }) as JsonObject;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function decodePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`Not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function applyCuration(doc: JsonObject, entries: CurationEntry[]): void {
  for (const entry of entries) {
    if (!entry.reason) throw new Error(`Curation entry without a reason: ${JSON.stringify(entry)}`);
    const pointer = entry.set ?? entry.remove;
    if (!pointer) throw new Error(`Curation entry needs "set" or "remove": ${entry.reason}`);
    const parts = decodePointer(pointer);
    const last = parts.pop()!;
    let node = doc;
    for (const part of parts) {
      if (node[part] === undefined && entry.set) node[part] = {};
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new Error(`Curation pointer ${pointer} does not exist upstream any more (${entry.reason})`);
      }
      node = next;
    }
    if (entry.set) node[last] = structuredClone(entry.value ?? null);
    else if (last in node) delete node[last];
    else throw new Error(`Curation pointer ${pointer} does not exist upstream any more (${entry.reason})`);
  }
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
}

/** Keeps only the components reachable from the paths, following $refs transitively. */
function pruneComponents(doc: JsonObject): void {
  const all = doc.components as Record<string, JsonObject>;
  const kept: Record<string, JsonObject> = { securitySchemes: all.securitySchemes! };
  const pending = new Set<string>();
  collectRefs(doc.paths!, pending);
  const seen = new Set<string>();
  for (const ref of pending) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
    const target = section && name ? all[section]?.[name] : undefined;
    if (!target) throw new Error(`Unresolvable $ref ${ref}`);
    (kept[section!] ??= {})[name!] = target;
    collectRefs(target, pending);
  }
  const order = ['examples', 'parameters', 'responses', 'schemas', 'securitySchemes'];
  doc.components = Object.fromEntries(
    order.filter((section) => kept[section]).map((section) => [section, sortKeys(kept[section]!)]),
  );
}

function sortKeys(record: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]!]),
  );
}

export function extract(upstream: JsonObject, curation: CurationEntry[] | null): JsonObject {
  const paths = upstream.paths as JsonObject;
  const doc: JsonObject = {
    openapi: upstream.openapi!,
    info: {
      title: 'authentik password stages',
      version: (upstream.info as JsonObject).version!,
      description: `The password-stage part of the authentik ${(upstream.info as JsonObject).version} API.`,
      license: (upstream.info as JsonObject).license!,
    },
    servers: [{ url: '/api/v3' }],
    security: [{ authentik: [] }],
    paths: Object.fromEntries(
      Object.keys(paths)
        .filter((path) => path.startsWith(PATH_PREFIX))
        .sort()
        .map((path) => [path, paths[path]!]),
    ),
    components: structuredClone(upstream.components!),
  };
  if (curation) applyCuration(doc, curation);
  pruneComponents(doc);
  return doc;
}

async function main(): Promise<void> {
  const { version, upstream: upstreamOnly } = argsOrExit(USAGE, () => parseSpecSyncArgs(process.argv.slice(2)));
  const curation = upstreamOnly
    ? null
    : (parse(readFileSync(join(root, 'openapi/curation.yaml'), 'utf8')) as CurationEntry[]);
  const doc = extract(await fetchUpstreamSchema(version), curation);
  const target = upstreamOnly ? upstreamPath(version) : join(root, 'openapi/password-stage.yaml');
  const header = upstreamOnly
    ? `# Uncurated extract of @goauthentik/api@${version} schema.yml, written by npm run spec:sync -- ${version} --upstream.\n`
    : `# Written by npm run spec:sync -- ${version} from @goauthentik/api@${version} and openapi/curation.yaml. Do not edit by hand.\n`;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, header + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }));
  console.log(`wrote ${target.slice(root.length + 1)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
