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
const isUnknownField = (issue: GenericIssue) => issue.type === 'strict_object' && issue.expected === 'never';
/** An unknown field, or a string where an enum is expected: what a newer authentik may send. */
const isNewerServerIssue = (issue: GenericIssue) =>
  isUnknownField(issue) || (issue.type === 'picklist' && typeof issue.input === 'string');

const json = (value: unknown) => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}; // too deep, or a BigInt: no JSON
function describeValue(value: unknown): string {
  const text =
    value === undefined
      ? 'nothing'
      : (json(value) ??
        (typeof value === 'object'
          ? `${Array.isArray(value) ? 'an array' : 'an object'} too deep or circular to show`
          : String(value)));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
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
  return (
    messages[issue.type] ??
    (issue.kind === 'schema' ? `expected ${issue.expected?.toLowerCase()}, got ${got}` : `is invalid (${issue.type})`)
  );
}

/**
 * valibot's issues as problems, paths written `flow_set[0].layout`, unknown fields last; `skip` leaves out leading path
 * keys.
 */
export function toProblems(issues: readonly GenericIssue[], root?: GenericSchema, skip = 0): Problem[] {
  const problems = issues.map((issue) => {
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
    return {
      path: path(items.length),
      message: describeIssue(
        issue,
        schemaAt(
          root as Node,
          items.map((item) => item.key),
        ),
      ),
    };
  });
  const seen = new Set<string>(); // a stable sort: unknown fields move last, the rest keep valibot's order
  return problems
    .sort((a, b) => Number(a.message === NOT_IN_CONTRACT) - Number(b.message === NOT_IN_CONTRACT))
    .filter(({ path, message }) => !seen.has(`${path}\n${message}`) && seen.add(`${path}\n${message}`));
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i,
  TEXT_TYPE = /^(text\/|application\/([\w.+-]+\+)?(json|xml)\s*(;|$))/i;

/**
 * The error for a 2xx answer that is not a JSON body at all (wrong content type, or empty); its text is kept only when
 * textual.
 */
export function badBody(call: Call, response: Response): ResponseValidationError | undefined {
  const type = response.headers.get('content-type');
  const text = response === call.response ? call.body : undefined;
  let problem: string | undefined;
  if (!type || !JSON_TYPE.test(type))
    problem = `expected an application/json body, got content type ${describeValue(type ?? 'none')}`;
  else if (
    text === '' ||
    (text === undefined && (response.status === 204 || response.headers.get('content-length') === '0'))
  )
    problem = 'expected a JSON body, got an empty body';
  if (!problem) return undefined;
  const token = call.token();
  return new ResponseValidationError(
    [{ path: '', message: redact(problem, token) }],
    response.status,
    type && TEXT_TYPE.test(type) ? redact(text, token) : undefined,
    call.info(),
  );
}

/**
 * The generated client's `responseValidator` for one call; in 'tolerant' mode it notes the undeclared stage fields the
 * server sent.
 */
export function responseValidator(
  schema: GenericSchema,
  strict: boolean,
  call: Call,
  serverFields: Set<string>,
): (data: unknown) => Promise<void> {
  return async (data) => {
    const bad = badBody(call, call.response!);
    if (bad) throw bad;
    const result = safeParse(schema, data);
    if (result.success) return;
    const issues = result.issues.filter((issue) => strict || !isNewerServerIssue(issue));
    // A stage's own field is at the top of a stage answer or of a page's result; valibot names only an object's first
    // unknown key: note all.
    const stageField = (keys: unknown[]) => keys.length === 1 || (keys.length === 3 && keys[0] === 'results');
    for (const { path = [] } of strict ? [] : result.issues.filter(isUnknownField)) {
      const keys = path.map((item) => item.key),
        declared = schemaAt(schema as Node, keys.slice(0, -1))?.entries ?? {};
      if (stageField(keys))
        for (const key of Object.keys(path.at(-1)!.input as object))
          if (!Object.hasOwn(declared, key) && serverFields.size < 256) serverFields.add(key);
    }
    if (!issues.length) return;
    // A server that echoes the token must not make it part of an error, which may end up in a log.
    const token = call.token();
    throw new ResponseValidationError(
      redact(toProblems(issues, schema), token),
      call.response!.status,
      redact(data, token),
      call.info(),
    );
  };
}

/**
 * The generated request validator's rejection as InvalidArgumentError, naming each argument as the caller passed it.
 */
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
  return new InvalidArgumentError(rest.length ? `stageUuid and ${what}` : 'stageUuid', [
    { path: 'stageUuid', message: `must be a UUID string, got ${got}` },
    ...rest,
  ]);
}

/** Pieces of a token at least this long are redacted; a shorter token cannot be told from ordinary text. */
const PIECE = 8;

/**
 * `text` with every piece of `token` of 8 or more characters replaced: a parser's message may quote the start of a body
 * that echoes it.
 */
function redactText(text: string, token: string): string {
  if (text.length < PIECE) return text;
  const pieces = new Set<string>();
  for (let at = 0; at + PIECE <= token.length; at++) pieces.add(token.slice(at, at + PIECE));
  // the redacted text so far, how much of `text` it covers, where the current redacted run ends
  let [out, copied, runEnd] = ['', 0, -1];
  for (let at = 0; at + PIECE <= text.length; at++) {
    if (!pieces.has(text.slice(at, at + PIECE))) continue;
    if (at > runEnd) out += `${text.slice(copied, at)}[redacted]`;
    copied = runEnd = at + PIECE;
  }
  return runEnd < 0 ? text : out + text.slice(copied);
}

/**
 * `value` with every piece of `token` redacted, in strings and keys, and what lies 32 levels deep cut off; the same
 * value when nothing is.
 */
export function redact<T>(value: T, token: string | undefined, depth = 0): T {
  if (typeof value === 'string') return token && token.length >= PIECE ? (redactText(value, token) as T) : value;
  if (typeof value !== 'object' || value === null) return value;
  // authentik's bodies are a few levels deep; a hostile one must not overflow the stack
  if (depth === 32) return '[nested too deeply]' as T;
  const entries = Object.entries(value).map(
    ([key, item]) => [redact(key, token), redact(item, token, depth + 1)] as const,
  );
  if (
    entries.every(
      ([key, item], index) => key === Object.keys(value)[index] && item === (value as Record<string, unknown>)[key],
    )
  )
    return value;
  return (Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries)) as T;
}
