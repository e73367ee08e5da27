// The stage fields a server sends that the contract does not declare (a newer authentik's setting, say
// `lockout_duration`): noted from the stages this client's own server answered with, so that a retrieved stage can be
// written back as it is, while a field no stage came with stays a typo for the request validator to reject.
import { vPasswordStage, vPasswordStageRequest } from '../generated/hey-api/valibot.gen.js';
import { isRecord } from './errors.js';

/** More names than this, and a typo can no longer be told from a server's field: undeclared fields are then sent. */
export const MAX_SERVER_FIELDS = 1_000;

/** The undeclared stage fields one client's server has sent; `all` once it sent more than are kept. */
export type ServerFields = { names: Set<string>; all: boolean };

const DECLARED = vPasswordStage.entries;
const WRITABLE = vPasswordStageRequest.entries;
// What every stage answer carries and no request takes (pk, component, flow_set, …): Django REST framework ignores
// them in a body.
const READ_ONLY = new Set(Object.keys(DECLARED).filter((key) => !Object.hasOwn(WRITABLE, key)));

/** Notes the undeclared fields of `stages`, the stage objects of an answer from the client's own server. */
export function noteServerFields(fields: ServerFields, stages: readonly unknown[]): void {
  for (const stage of stages) {
    for (const key of isRecord(stage) ? Object.keys(stage) : []) {
      if (Object.hasOwn(DECLARED, key) || fields.names.has(key)) continue;
      if (fields.names.size < MAX_SERVER_FIELDS) fields.names.add(key);
      else fields.all = true;
    }
  }
}

/**
 * A write's body as the generated operation takes it: read-only fields left out, and the undeclared fields the server
 * sent kept from the request validator (which checks the rest) and sent as they are.
 */
export function writable(fields: ServerFields, body: unknown): { body: unknown; bodySerializer?: () => string } {
  const sentByServer = (key: string) => !Object.hasOwn(WRITABLE, key) && (fields.all || fields.names.has(key));
  if (!isRecord(body) || !Object.keys(body).some((key) => READ_ONLY.has(key) || sentByServer(key))) return { body };
  const sent = Object.fromEntries(Object.entries(body).filter(([key]) => !READ_ONLY.has(key)));
  const checked = Object.fromEntries(Object.entries(sent).filter(([key]) => !sentByServer(key)));
  if (Object.keys(checked).length === Object.keys(sent).length) return { body: checked };
  return { body: checked, bodySerializer: () => JSON.stringify(sent) };
}
