// A predicate compiled once from a generated zod schema, answering "does this value pass?" without building
// zod's output copy. It says true only where zod accepts; whatever it does not understand makes it give up
// (undefined), and the caller then asks zod. Failures are always re-checked by zod, which explains them.
import type { z } from 'zod/mini';

type Schema = z.core.$ZodType;
export type Predicate = (value: unknown) => boolean;
type Def = Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }> };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function numberCheck(def: Record<string, unknown>): Predicate | undefined {
  const bound = def.value as number;
  if (def.check === 'greater_than') return def.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
  if (def.check === 'less_than') return def.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
  return undefined;
}

function stringCheck(def: Record<string, unknown>): Predicate | undefined {
  if (def.check === 'min_length') return (v) => (v as string).length >= (def.minimum as number);
  if (def.check === 'max_length') return (v) => (v as string).length <= (def.maximum as number);
  if (def.check === 'string_format' && def.format === 'regex' && def.pattern instanceof RegExp) {
    const pattern = def.pattern;
    return (v) => pattern.test(v as string);
  }
  return undefined;
}

/** All of `checks` compiled, or undefined when one is not understood. */
function compileChecks(def: Def, compileOne: (check: Record<string, unknown>) => Predicate | undefined): Predicate[] | undefined {
  const compiled: Predicate[] = [];
  for (const check of def.checks ?? []) {
    const predicate = compileOne(check._zod.def);
    if (!predicate) return undefined;
    compiled.push(predicate);
  }
  return compiled;
}

const all = (value: unknown, predicates: Predicate[]) => predicates.every((predicate) => predicate(value));

/**
 * Compiles `schema`. `strict` rejects fields the objects do not declare and enum values they do not list;
 * otherwise both pass, as in the tolerant mode.
 */
export function compile(schema: Schema, strict: boolean): Predicate | undefined {
  const def = schema._zod.def as unknown as Def;
  const inner = () => compile(def.innerType as Schema, strict);
  switch (def.type) {
    case 'unknown':
      return () => true;
    case 'void':
      return (v) => v === undefined;
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'string': {
      const checks = compileChecks(def, stringCheck);
      if (!checks || (def.format !== undefined && !(def.pattern instanceof RegExp))) return undefined;
      const pattern = def.pattern as RegExp | undefined;
      return (v) => typeof v === 'string' && (!pattern || pattern.test(v)) && all(v, checks);
    }
    case 'number': {
      const checks = compileChecks(def, numberCheck);
      if (!checks || (def.format !== undefined && def.format !== 'safeint')) return undefined;
      const integer = def.format === 'safeint';
      return (v) => typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isSafeInteger(v)) && all(v, checks);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return strict ? (v) => values.has(v) : (v) => values.has(v) || typeof v === 'string';
    }
    case 'optional': {
      const predicate = inner();
      return predicate && ((v) => v === undefined || predicate(v));
    }
    case 'nullable': {
      const predicate = inner();
      return predicate && ((v) => v === null || predicate(v));
    }
    case 'readonly':
      return inner();
    case 'array': {
      const item = compile(def.element as Schema, strict);
      if (!item || def.checks?.length) return undefined;
      return (v) => Array.isArray(v) && v.every(item);
    }
    case 'record': {
      const key = (def.keyType as Schema)._zod.def as unknown as Def;
      const value = compile(def.valueType as Schema, strict);
      if (key.type !== 'string' || key.checks?.length || !value) return undefined;
      return (v) => isRecord(v) && Object.values(v).every(value);
    }
    case 'object': {
      if (def.checks?.length || def.catchall) return undefined;
      const fields: Array<[string, Predicate]> = [];
      for (const [name, field] of Object.entries(def.shape as Record<string, Schema>)) {
        const predicate = compile(field, strict);
        if (!predicate) return undefined;
        fields.push([name, predicate]);
      }
      const known = new Set(fields.map(([name]) => name));
      return (v) => {
        if (!isRecord(v)) return false;
        for (const [name, predicate] of fields) if (!predicate(v[name])) return false;
        if (strict) for (const name in v) if (!known.has(name)) return false;
        return true;
      };
    }
    default:
      return undefined;
  }
}
