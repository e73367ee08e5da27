// Answers and arguments are checked by the valibot schemas generated from the spec; this module words valibot's
// issues as the SDK's problems, each at a path written as the caller reads it (`flow_set[0].layout`).
import type { GenericIssue, GenericSchema, ValiError } from 'valibot';
import {
  vBackendsEnum,
  vDeniedActionEnum,
  vFlowDesignationEnum,
  vFlowLayoutEnum,
  vPolicyEngineMode,
  vUsedByActionEnum,
} from '../generated/hey-api/valibot.gen.js';
import { InvalidArgumentError, quote, type Problem } from './errors.js';

type Node = GenericSchema & { wrapped?: Node; item?: Node; entries?: Record<string, Node> };

// Enum problems name the enum as the SDK exports it (`Backend`, with `backendValues`), not all of its values.
const ENUM_NAMES = new Map<string, string>(
  [
    [vBackendsEnum, 'Backend'],
    [vDeniedActionEnum, 'DeniedAction'],
    [vFlowDesignationEnum, 'FlowDesignation'],
    [vFlowLayoutEnum, 'FlowLayout'],
    [vPolicyEngineMode, 'PolicyEngineMode'],
    [vUsedByActionEnum, 'UsedByAction'],
  ].map(([schema, name]) => [(schema as GenericSchema).expects, name as string]),
);

const NOT_IN_CONTRACT = 'is not in the contract';
export const isUnknownField = (issue: GenericIssue) => issue.type === 'strict_object' && issue.expected === 'never';

/** A value as JSON, cut at 60 characters; one that JSON cannot write (too deep, circular, a BigInt) is named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Too deep or circular for JSON, or a BigInt: named below.
  }
  const kind = Array.isArray(value) ? 'an array' : 'an object';
  text ??= typeof value === 'object' ? `${kind} too deep or circular to show` : String(value);
  return quote(text, 60);
}

/** The schema at `keys` below `schema`, to name what a missing field should have been. */
function schemaAt(schema: Node | undefined, keys: readonly unknown[]): Node | undefined {
  for (const key of [...keys, undefined]) {
    while (schema?.wrapped) schema = schema.wrapped;
    if (key !== undefined) schema = schema?.type === 'array' ? schema.item : schema?.entries?.[key as string];
  }
  return schema;
}

function describeIssue(issue: GenericIssue, missing: Node | undefined): string {
  const got = describeValue(issue.input);
  const requirement = String(issue.requirement);
  if (issue.kind === 'schema' && issue.type.endsWith('object') && issue.expected?.startsWith('"')) {
    return `is required${missing ? ` (${missing.expects.toLowerCase()})` : ''}`;
  }
  const enumName = issue.type === 'picklist' && ENUM_NAMES.get(issue.expected!);
  if (enumName) return `expected a ${enumName} value, got ${got}`;
  const messages: Record<string, string> = {
    uuid: `expected a uuid string, got ${got}`,
    regex: `expected a string matching ${requirement}, got ${got}`,
    integer: `expected an integer, got ${got}`,
    min_length: `must have at least ${requirement} character(s)`,
    max_length: `must have at most ${requirement} character(s)`,
    min_value: `must be >= ${requirement}, got ${got}`,
    max_value: `must be <= ${requirement}, got ${got}`,
  };
  const fallback = issue.kind === 'schema' ? `expected ${issue.expected?.toLowerCase()}, got ${got}` : undefined;
  return messages[issue.type] ?? fallback ?? `is invalid (${issue.type})`;
}

/** valibot's issues as problems, unknown fields last; `skip` leaves out leading path keys. */
export function toProblems(issues: readonly GenericIssue[], root?: GenericSchema, skip = 0): Problem[] {
  const problems = issues.map((issue): Problem => {
    const items = issue.path ?? [];
    const path = (count: number) =>
      items
        .slice(skip, count)
        .map(({ key }, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`))
        .join('');
    // valibot takes an array for an object and checks it key by key: report it once, as the wrong type it is.
    const array = items.findIndex((item) => item.type === 'object' && Array.isArray(item.input));
    if (array >= 0) return { path: path(array), message: `expected object, got ${describeValue(items[array]!.input)}` };
    if (isUnknownField(issue)) return { path: path(items.length), message: NOT_IN_CONTRACT };
    const missing = schemaAt(
      root as Node,
      items.map((item) => item.key),
    );
    return { path: path(items.length), message: describeIssue(issue, missing) };
  });
  // Each problem once; a stable sort moves unknown fields last, the rest keep valibot's order.
  const unique = [...new Map(problems.map((problem) => [`${problem.path}\n${problem.message}`, problem])).values()];
  const last = (problem: Problem) => Number(problem.message === NOT_IN_CONTRACT);
  return unique.sort((a, b) => last(a) - last(b));
}

/** The generated request validator's rejection as InvalidArgumentError, naming each argument as the caller passed it. */
export function invalidArgument(error: ValiError<GenericSchema>, what: string): InvalidArgumentError {
  const inPath = (issue: GenericIssue) => issue.path?.[0]?.key === 'path';
  const uuid = error.issues.find(inPath)?.path?.[1];
  const rest = toProblems(
    error.issues.filter((issue) => !inPath(issue)),
    undefined,
    1,
  );
  if (!uuid) return new InvalidArgumentError(what, rest);
  const got = typeof uuid.value === 'string' ? describeValue(uuid.value) : typeof uuid.value;
  const problem = { path: 'stageUuid', message: `must be a UUID string, got ${got}` };
  return new InvalidArgumentError(rest.length ? `stageUuid and ${what}` : 'stageUuid', [problem, ...rest]);
}
