// What changed in the password-stage contract between two OpenAPI documents, in terms a caller cares about.
// Fields may be absent (undefined) as well as null: the documents are read from YAML or written as literals.
type Json = null | undefined | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Document {
  paths?: Record<string, Record<string, JsonObject>>;
  components?: { schemas?: Record<string, JsonObject>; parameters?: Record<string, JsonObject> };
}

/** One change, attached to a schema (e.g. `FlowSet`) or an operation (e.g. `GET /stages/password/`). */
export interface Change {
  where: string;
  kind:
    | 'field added'
    | 'field removed'
    | 'field renamed'
    | 'now required'
    | 'now optional'
    | 'now read-only'
    | 'now writable'
    | 'field changed'
    | 'enum values added'
    | 'enum values removed'
    | 'schema added'
    | 'schema removed'
    | 'operation added'
    | 'operation removed'
    | 'response added'
    | 'response removed'
    | 'parameter added'
    | 'parameter removed';
  detail: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Keywords whose change alters what a field accepts; descriptions and titles are left out on purpose.
const CONSTRAINTS = [
  'type',
  'format',
  'nullable',
  'maxLength',
  'minLength',
  'pattern',
  'minimum',
  'maximum',
  'items',
  '$ref',
  'allOf',
];

function refName(ref: Json | undefined): string | undefined {
  return typeof ref === 'string' ? ref.split('/').at(-1) : undefined;
}

/** A short description of a field's type: `string (uuid)`, `FlowLayoutEnum`, `array of FlowSet`. */
export function describeType(schema: JsonObject): string {
  const ref =
    refName(schema.$ref) ??
    (Array.isArray(schema.allOf) && schema.allOf.length === 1
      ? refName((schema.allOf[0] as JsonObject).$ref)
      : undefined);
  if (ref) return ref;
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object')
    return `array of ${describeType(schema.items as JsonObject)}`;
  const base = typeof schema.type === 'string' ? schema.type : 'any';
  return schema.format ? `${base} (${schema.format})` : base;
}

function words(name: string): Set<string> {
  return new Set(
    name
      .split(/[_-]|(?=[A-Z])/)
      .map((word) => word.toLowerCase())
      .filter(Boolean),
  );
}

/** A removed and an added field are taken for a rename when they have the same type and share a name part. */
function looksLikeRename(removed: string, added: string, before: JsonObject, after: JsonObject): boolean {
  if (describeType(before) !== describeType(after)) return false;
  if (added.startsWith(removed) || removed.startsWith(added)) return true;
  const a = words(removed);
  return [...words(added)].some((word) => a.has(word));
}

function constraintChanges(before: JsonObject, after: JsonObject): string[] {
  const changes: string[] = [];
  for (const key of CONSTRAINTS) {
    const [was, now] = [JSON.stringify(before[key]), JSON.stringify(after[key])];
    if (was === now) continue;
    if (now === undefined) changes.push(`${key} ${was} removed`);
    else if (was === undefined) changes.push(`${key} ${now} added`);
    else changes.push(`${key} ${was} → ${now}`);
  }
  return changes;
}

function diffSchema(name: string, before: JsonObject, after: JsonObject, into: Change[]): void {
  const push = (kind: Change['kind'], detail: string) => into.push({ where: name, kind, detail });
  const enumBefore = Array.isArray(before.enum) ? before.enum.map(String) : [];
  const enumAfter = Array.isArray(after.enum) ? after.enum.map(String) : [];
  const addedValues = enumAfter.filter((value) => !enumBefore.includes(value));
  const removedValues = enumBefore.filter((value) => !enumAfter.includes(value));
  if (addedValues.length) push('enum values added', addedValues.join(', '));
  if (removedValues.length) push('enum values removed', removedValues.join(', '));

  const propsBefore = (before.properties ?? {}) as Record<string, JsonObject>;
  const propsAfter = (after.properties ?? {}) as Record<string, JsonObject>;
  const requiredBefore = new Set((before.required ?? []) as string[]);
  const requiredAfter = new Set((after.required ?? []) as string[]);
  const removed = Object.keys(propsBefore).filter((key) => !(key in propsAfter));
  const added = Object.keys(propsAfter).filter((key) => !(key in propsBefore));
  const pairs: [string, string][] = Object.keys(propsBefore)
    .filter((key) => key in propsAfter)
    .map((key) => [key, key]);
  for (const old of [...removed]) {
    const match = added.find((candidate) => looksLikeRename(old, candidate, propsBefore[old]!, propsAfter[candidate]!));
    if (!match) continue;
    push('field renamed', `${old} → ${match} (${describeType(propsAfter[match]!)})`);
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(match), 1);
    pairs.push([old, match]);
  }
  const flags = (schema: JsonObject, required: boolean) =>
    [required ? 'required' : 'optional', ...(schema.readOnly ? ['read-only'] : [])].join(', ');
  for (const key of added)
    push(
      'field added',
      `${key} (${describeType(propsAfter[key]!)}, ${flags(propsAfter[key]!, requiredAfter.has(key))})`,
    );
  for (const key of removed) push('field removed', `${key} (${describeType(propsBefore[key]!)})`);
  for (const [old, now] of pairs) {
    const label = old === now ? now : `${old} → ${now}`;
    if (requiredBefore.has(old) !== requiredAfter.has(now))
      push(requiredAfter.has(now) ? 'now required' : 'now optional', label);
    if (Boolean(propsBefore[old]!.readOnly) !== Boolean(propsAfter[now]!.readOnly))
      push(propsAfter[now]!.readOnly ? 'now read-only' : 'now writable', label);
    const changes = constraintChanges(propsBefore[old]!, propsAfter[now]!);
    if (changes.length) push('field changed', `${label}: ${changes.join(', ')}`);
  }
}

function operations(doc: Document): Map<string, JsonObject> {
  const found = new Map<string, JsonObject>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method]) found.set(`${method.toUpperCase()} ${path}`, item[method]!);
  }
  return found;
}

function parameterNames(doc: Document, operation: JsonObject): string[] {
  return ((operation.parameters ?? []) as JsonObject[]).map((parameter) => {
    const resolved = parameter.$ref ? doc.components?.parameters?.[refName(parameter.$ref)!] : parameter;
    return `${resolved?.name ?? refName(parameter.$ref)} (${resolved?.in ?? 'unknown'})`;
  });
}

/** Every change from `from` to `to`: schemas first (in name order), then operations. */
export function diffContracts(from: Document, to: Document): Change[] {
  const changes: Change[] = [];
  const schemasBefore = from.components?.schemas ?? {};
  const schemasAfter = to.components?.schemas ?? {};
  for (const name of [...new Set([...Object.keys(schemasBefore), ...Object.keys(schemasAfter)])].sort()) {
    const [before, after] = [schemasBefore[name], schemasAfter[name]];
    if (!before) changes.push({ where: name, kind: 'schema added', detail: name });
    else if (!after) changes.push({ where: name, kind: 'schema removed', detail: name });
    else diffSchema(name, before, after, changes);
  }
  const opsBefore = operations(from);
  const opsAfter = operations(to);
  for (const key of [...new Set([...opsBefore.keys(), ...opsAfter.keys()])]) {
    const [before, after] = [opsBefore.get(key), opsAfter.get(key)];
    if (!before) changes.push({ where: key, kind: 'operation added', detail: String(after!.operationId ?? key) });
    else if (!after) changes.push({ where: key, kind: 'operation removed', detail: String(before.operationId ?? key) });
    else {
      const codesBefore = Object.keys((before.responses ?? {}) as JsonObject);
      const codesAfter = Object.keys((after.responses ?? {}) as JsonObject);
      for (const code of codesAfter.filter((c) => !codesBefore.includes(c)))
        changes.push({ where: key, kind: 'response added', detail: code });
      for (const code of codesBefore.filter((c) => !codesAfter.includes(c)))
        changes.push({ where: key, kind: 'response removed', detail: code });
      const [paramsBefore, paramsAfter] = [parameterNames(from, before), parameterNames(to, after)];
      for (const name of paramsAfter.filter((p) => !paramsBefore.includes(p)))
        changes.push({ where: key, kind: 'parameter added', detail: name });
      for (const name of paramsBefore.filter((p) => !paramsAfter.includes(p)))
        changes.push({ where: key, kind: 'parameter removed', detail: name });
    }
  }
  return changes;
}

/** The changes as text for people, grouped by schema or operation. */
export function formatChanges(fromLabel: string, toLabel: string, changes: readonly Change[]): string {
  const lines = [`Password-stage contract: ${fromLabel} → ${toLabel}`];
  if (!changes.length) return `${lines[0]}\n\nNo changes.`;
  let where: string | undefined;
  for (const change of changes) {
    if (change.where !== where) {
      where = change.where;
      lines.push('', where);
    }
    lines.push(`  ${change.kind.padEnd(20)} ${change.detail}`);
  }
  return lines.join('\n');
}
