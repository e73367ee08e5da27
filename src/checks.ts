// Everything that needs zod lives here, loaded on the first call (see password-stages.ts): importing the SDK then
// costs no schema construction, and a bundle keeps zod's initialisation out of its start-up path.
import { safeParse, type z } from 'zod/mini';
import {
  zStagesPasswordCreateBody,
  zStagesPasswordListQuery,
  zStagesPasswordListResponse,
  zStagesPasswordPartialUpdateBody,
  zStagesPasswordRetrievePath,
  zStagesPasswordRetrieveResponse,
  zStagesPasswordUpdateBody,
  zStagesPasswordUsedByListResponse,
} from '../generated/hey-api/zod.gen.js';
import { InvalidArgumentError, type Problem } from './errors.js';
import { compile } from './fast-check.js';
import type { ResponseCheck } from './http.js';

type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;


function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`)).join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// zod/mini ships no message locale; these messages name what was expected and what came instead.
function describeIssue(issue: Issue, input: unknown): string {
  const got = describeValue(input);
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `is required (${issue.expected})` : `expected ${issue.expected}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${got}`;
    case 'invalid_format':
      // The spec's `format: uuid` is checked as zod's `guid` (any 8-4-4-4-12 hex): name it as the spec does.
      return `expected a ${issue.format === 'guid' ? 'uuid' : issue.format} string, got ${got}`;
    case 'too_small':
      return issue.origin === 'string' ? `must have at least ${issue.minimum} character(s)` : `must be >= ${issue.minimum}, got ${got}`;
    case 'too_big':
      return issue.origin === 'string' ? `must have at most ${issue.maximum} character(s)` : `must be <= ${issue.maximum}, got ${got}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return `is invalid (${issue.code})`;
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

/** Fields present in `data` that the object schemas along the way do not declare. */
function unknownFields(schema: Schema, data: unknown, path: PropertyKey[], into: Problem[]): void {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'default':
      if (data !== null && data !== undefined) unknownFields(def.innerType as Schema, data, path, into);
      return;
    case 'array':
      if (Array.isArray(data)) data.forEach((item, index) => unknownFields(def.element as Schema, item, [...path, index], into));
      return;
    case 'object': {
      if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
      const shape = def.shape as Record<string, Schema>;
      for (const [key, value] of Object.entries(data)) {
        if (Object.hasOwn(shape, key)) unknownFields(shape[key]!, value, [...path, key], into);
        else into.push({ path: formatPath([...path, key]), message: 'is not in the contract' });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The departures of `data` from `schema`. `allowUnknownEnumValues` ignores enum values the schema does not list;
 * `allowUnknownFields` ignores fields the schema does not declare.
 */
export function findProblems(
  schema: Schema,
  data: unknown,
  { allowUnknownEnumValues, allowUnknownFields }: { allowUnknownEnumValues: boolean; allowUnknownFields: boolean },
): Problem[] {
  const problems: Problem[] = [];
  const result = safeParse(schema, data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (allowUnknownEnumValues && issue.code === 'invalid_value' && typeof valueAt(data, issue.path) === 'string') continue;
      problems.push({ path: formatPath(issue.path), message: describeIssue(issue, valueAt(data, issue.path)) });
    }
  }
  if (!allowUnknownFields) unknownFields(schema, data, [], problems);
  return problems;
}

/** A check of `schema` that asks zod only when the compiled predicate does not pass the value. */
function checker(schema: Schema, strict: boolean): (value: unknown) => Problem[] {
  const options = { allowUnknownEnumValues: !strict, allowUnknownFields: !strict };
  const fast = compile(schema, strict);
  return fast ? (value) => (fast(value) ? [] : findProblems(schema, value, options)) : (value) => findProblems(schema, value, options);
}

/** Throws InvalidArgumentError listing every way a value breaks the request schema (unknown fields included). */
function requestCheck(what: string, schema: Schema): (value: unknown) => void {
  const check = checker(schema, true);
  return (value) => {
    const problems = check(value);
    if (problems.length) throw new InvalidArgumentError(what, problems);
  };
}

const stageUuid = compile((zStagesPasswordRetrievePath._zod.def.shape as Record<string, Schema>).stage_uuid!, true)!;

/** True when `value` is a stage uuid the path parameter accepts. */
export function isStageUuid(value: unknown): value is string {
  return typeof value === 'string' && stageUuid(value);
}

function responseCheck(schema: Schema): ResponseCheck {
  const tolerant = checker(schema, false);
  const strict = checker(schema, true);
  return (data, isStrict) => (isStrict ? strict(data) : tolerant(data));
}

/** How each answer is checked. */
export const responses = {
  stage: responseCheck(zStagesPasswordRetrieveResponse),
  page: responseCheck(zStagesPasswordListResponse),
  usedBy: responseCheck(zStagesPasswordUsedByListResponse),
};

/** Each throws InvalidArgumentError when an argument breaks its request schema. */
export const requests = {
  listQuery: requestCheck('list query', zStagesPasswordListQuery),
  create: requestCheck('password stage', zStagesPasswordCreateBody),
  update: requestCheck('password stage', zStagesPasswordUpdateBody),
  patch: requestCheck('password stage patch', zStagesPasswordPartialUpdateBody),
};
