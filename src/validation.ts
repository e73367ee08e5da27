// Answers and arguments are checked by the valibot schemas generated from the spec; this module only turns
// valibot's issues into the SDK's problems and decides which of them the 'tolerant' mode lets through.
import { safeParse, type GenericIssue, type GenericSchema, type ValiError } from 'valibot';
import {
  vBackendsEnum,
  vDeniedActionEnum,
  vFlowDesignationEnum,
  vFlowLayoutEnum,
  vPolicyEngineMode,
  vUsedByActionEnum,
} from '../generated/hey-api/valibot.gen.js';
import type { Call } from './call.js';
import { InvalidArgumentError, ResponseValidationError, type Problem } from './errors.js';

type Node = GenericSchema & { wrapped?: Node; item?: Node; entries?: Record<string, Node> };

// Enum problems name the enum as the SDK exports it (`Backend`, with `backendValues`), not all of its values.
const ENUM_NAMES = new Map<string, string>([
  [vBackendsEnum.expects, 'Backend'],
  [vDeniedActionEnum.expects, 'DeniedAction'],
  [vFlowDesignationEnum.expects, 'FlowDesignation'],
  [vFlowLayoutEnum.expects, 'FlowLayout'],
  [vPolicyEngineMode.expects, 'PolicyEngineMode'],
  [vUsedByActionEnum.expects, 'UsedByAction'],
]);

/** An unknown field, or a string where an enum is expected: what a newer authentik may send. */
const isNewerServerIssue = (issue: GenericIssue) =>
  (issue.type === 'strict_object' && issue.expected === 'never') || (issue.type === 'picklist' && typeof issue.input === 'string');

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The schema at `keys` below `schema`, to name what a missing field should have been. */
function schemaAt(schema: Node | undefined, keys: readonly unknown[]): Node | undefined {
  for (const key of keys) {
    while (schema?.wrapped) schema = schema.wrapped;
    schema = schema?.type === 'array' ? schema.item : schema?.entries?.[key as string];
  }
  while (schema?.wrapped) schema = schema.wrapped;
  return schema;
}

function describeIssue(issue: GenericIssue, missing: Node | undefined): string {
  const got = describeValue(issue.input);
  if (issue.kind === 'schema' && issue.type.endsWith('object') && issue.expected?.startsWith('"')) {
    return `is required${missing ? ` (${missing.expects.toLowerCase()})` : ''}`;
  }
  switch (issue.type) {
    case 'picklist': {
      const name = ENUM_NAMES.get(issue.expected!);
      return name ? `expected a ${name} value, got ${got}` : `expected ${issue.expected}, got ${got}`;
    }
    case 'uuid':
      return `expected a uuid string, got ${got}`;
    case 'regex':
      return `expected a string matching ${String(issue.requirement)}, got ${got}`;
    case 'integer':
      return `expected an integer, got ${got}`;
    case 'min_length':
      return `must have at least ${String(issue.requirement)} character(s)`;
    case 'max_length':
      return `must have at most ${String(issue.requirement)} character(s)`;
    case 'min_value':
      return `must be >= ${String(issue.requirement)}, got ${got}`;
    case 'max_value':
      return `must be <= ${String(issue.requirement)}, got ${got}`;
    default:
      return issue.kind === 'schema' ? `expected ${issue.expected?.toLowerCase()}, got ${got}` : `is invalid (${issue.type})`;
  }
}

/**
 * valibot's issues as problems, paths written `flow_set[0].layout`; `skip` leaves out leading path keys.
 * Unknown fields come last, after the problems with known ones.
 */
export function toProblems(issues: readonly GenericIssue[], root?: GenericSchema, skip = 0): Problem[] {
  const known: Problem[] = [];
  const unknown: Problem[] = [];
  for (const issue of issues) {
    const items = issue.path ?? [];
    const format = (count: number) =>
      items
        .slice(skip, count)
        .map(({ key }, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`))
        .join('');
    // valibot takes an array for an object and checks it key by key: report it once, as the wrong type it is.
    const array = items.findIndex((item) => item.type === 'object' && Array.isArray(item.input));
    if (array >= 0) known.push({ path: format(array), message: `expected object, got ${describeValue(items[array]!.input)}` });
    else if (issue.type === 'strict_object' && issue.expected === 'never') unknown.push({ path: format(items.length), message: 'is not in the contract' });
    else known.push({ path: format(items.length), message: describeIssue(issue, schemaAt(root as Node, items.map((item) => item.key))) });
  }
  const seen = new Set<string>();
  return [...known, ...unknown].filter(({ path, message }) => !seen.has(`${path}\n${message}`) && seen.add(`${path}\n${message}`));
}

/** The generated client's `responseValidator` for one call: rejects with ResponseValidationError naming every problem. */
export function responseValidator(schema: GenericSchema, strict: boolean, call: Call): (data: unknown) => Promise<void> {
  return async (data) => {
    const result = safeParse(schema, data);
    const issues = result.success ? [] : result.issues.filter((issue) => strict || !isNewerServerIssue(issue));
    if (!issues.length) return;
    if (call.token && redact(data, call.token) !== data) {
      // A server that echoes the token must not make it part of an error, which may end up in a log.
      throw new ResponseValidationError([{ path: '', message: 'the body repeats the request token' }], call.status, undefined, call);
    }
    throw new ResponseValidationError(toProblems(issues, schema), call.status, data, call);
  };
}

/** The generated request validator's rejection as InvalidArgumentError, naming the argument as the caller passed it. */
export function invalidArgument(error: ValiError<GenericSchema>, what: string): InvalidArgumentError {
  const uuid = error.issues.find((issue) => issue.path?.[0]?.key === 'path');
  if (uuid) {
    const value = uuid.path?.[1]?.value;
    const got = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : typeof value;
    return new InvalidArgumentError('stageUuid', [{ path: 'stageUuid', message: `must be a UUID string, got ${got}` }]);
  }
  return new InvalidArgumentError(what, toProblems(error.issues, undefined, 1));
}

/** `value` with every occurrence of `token` replaced, in strings and keys at any depth; the same value when there is none. */
export function redact<T>(value: T, token: string | undefined): T {
  if (!token) return value;
  if (typeof value === 'string') return (value.includes(token) ? value.replaceAll(token, '[redacted]') : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, item]) => [redact(key, token), redact(item, token)] as const);
  if (entries.every(([key, item], index) => key === Object.keys(value)[index] && item === (value as Record<string, unknown>)[key])) return value;
  return (Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries)) as T;
}
