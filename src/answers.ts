// The checks of a 2xx answer: a JSON body at all (its content type, not empty), then the operation's generated valibot
// schema, all of it ('strict') or less what a newer authentik may send ('tolerant').
import { safeParse, type GenericIssue, type GenericSchema } from 'valibot';
import type { Call } from './call.js';
import { ResponseValidationError } from './errors.js';
import { describeValue, isUnknownField, toProblems } from './problems.js';
import { redact } from './token.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const TEXT_TYPE = /^(text\/|application\/([\w.+-]+\+)?(json|xml)\s*(;|$))/i;

/** An unknown field, or a string where an enum is expected: what a newer authentik may send. */
const isNewerServerIssue = (issue: GenericIssue) =>
  isUnknownField(issue) || (issue.type === 'picklist' && typeof issue.input === 'string');

/** The error for a 2xx answer that is no JSON body at all (its content type, or empty); its text kept when textual. */
export function badBody(call: Call, response: Response): ResponseValidationError | undefined {
  const type = response.headers.get('content-type');
  const text = response === call.response ? call.body : undefined;
  const empty =
    text === '' || (text === undefined && (response.status === 204 || response.headers.get('content-length') === '0'));
  let problem: string | undefined;
  if (!type || !JSON_TYPE.test(type))
    problem = `expected an application/json body, got content type ${describeValue(type ?? 'none')}`;
  else if (empty) problem = 'expected a JSON body, got an empty body';
  if (!problem) return undefined;
  const token = call.token();
  const kept = type && TEXT_TYPE.test(type) ? redact(text, token) : undefined;
  return new ResponseValidationError(
    [{ path: '', message: redact(problem, token) }],
    response.status,
    kept,
    call.info(),
  );
}

/**
 * The generated client's `responseValidator` for one call. In 'tolerant' mode, `learn` is given every answer that
 * carries a field the contract does not declare.
 */
export function responseValidator(
  call: Call,
  schema: GenericSchema,
  strict: boolean,
  learn: (data: unknown) => void,
): (data: unknown) => Promise<void> {
  return async (data) => {
    const bad = badBody(call, call.response!);
    if (bad) throw bad;
    const result = safeParse(schema, data);
    if (result.success) return;
    if (!strict) learn(data);
    const issues = strict ? result.issues : result.issues.filter((issue) => !isNewerServerIssue(issue));
    if (!issues.length) return;
    // A server that echoes the token must not make it part of an error, which may end up in a log.
    const token = call.token();
    const problems = redact(toProblems(issues, schema), token);
    throw new ResponseValidationError(problems, call.response!.status, redact(data, token), call.info());
  };
}
