// Request bodies are checked by the valibot schemas generated from the contract; this module only words their
// issues as Django REST framework does, field by field.
import { safeParse, type GenericIssue } from 'valibot';
import { vPasswordStageRequest, vPatchedPasswordStageRequest } from '../../generated/hey-api/valibot.gen.js';
import type { PasswordStageRequest } from '../../generated/hey-api/types.gen.js';
import { MESSAGES, pythonType } from './answers.js';

/** DRF's 400 body: messages by field, and by item index for a list field's items. */
export type FieldErrors = Record<string, string[] | Record<string, string[]>>;
export type Checked = { ok: true; value: Partial<PasswordStageRequest> } | { ok: false; errors: FieldErrors };

// configure_flow is a relation: DRF words a wrong type as a wrong primary key.
const RELATIONS = new Set(['configure_flow']);

function message(issue: GenericIssue, field: string): string {
  const input = issue.input;
  if (issue.kind === 'schema' && issue.type.endsWith('object') && input === undefined) return MESSAGES.required;
  if (input === null) return 'This field may not be null.';
  const limit = String(issue.requirement);
  switch (issue.type) {
    case 'min_length':
      return 'This field may not be blank.';
    case 'picklist':
      return `"${String(input)}" is not a valid choice.`;
    case 'array':
      return `Expected a list of items but got type "${pythonType(input)}".`;
    case 'number':
    case 'integer':
      return 'A valid integer is required.';
    case 'min_value':
      return `Ensure this value is greater than or equal to ${limit}.`;
    case 'max_value':
      return `Ensure this value is less than or equal to ${limit}.`;
    case 'boolean':
      return 'Must be a valid boolean.';
    case 'uuid':
      return `“${String(input)}” is not a valid UUID.`;
    default:
      return RELATIONS.has(field)
        ? `Incorrect type. Expected pk value, received ${pythonType(input)}.`
        : 'Not a valid string.';
  }
}

/**
 * Checks a create or update body (`partial` for PATCH) as authentik's serializer does: fields it does not know or
 * only reads are ignored, and every field's first problem is reported.
 */
export function checkBody(body: unknown, partial: boolean): Checked {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] },
    };
  }
  const schema = partial ? vPatchedPasswordStageRequest : vPasswordStageRequest;
  const known = Object.fromEntries(Object.entries(body).filter(([key]) => Object.hasOwn(schema.entries, key)));
  const result = safeParse(schema, known);
  if (result.success) return { ok: true, value: result.output };
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const [field, item] = (issue.path ?? []).map((step) => String(step.key));
    if (field === undefined) continue;
    const text = message(issue, field);
    if (item === undefined) errors[field] ??= [text];
    else if (!Array.isArray(errors[field])) ((errors[field] ??= {}) as Record<string, string[]>)[item] ??= [text];
  }
  return { ok: false, errors };
}
