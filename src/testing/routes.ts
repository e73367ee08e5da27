// The password-stage API's routes: authentik's authentication, then each operation on the fake's data, answered in
// Django REST framework's words.
import { answer, detail, MESSAGES, randomUuid } from './answers.js';
import { checkBody, type FieldErrors } from './bodies.js';
import type { Incoming } from './incoming.js';
import { listStages } from './listing.js';
import { serializeStage, usedBy, type FakeStage, type Server } from './state.js';

const ROUTES: [RegExp, string[]][] = [
  [/^\/stages\/password\/$/, ['GET', 'POST']],
  [/^\/stages\/password\/([^/]+)\/$/, ['GET', 'PUT', 'PATCH', 'DELETE']],
  [/^\/stages\/password\/([^/]+)\/used_by\/$/, ['GET']],
];

/**
 * authentik's token authentication and permission check, as the 403 bodies it sends; nothing when the call may go on.
 */
function denied(server: Server, header: string | null): Response | undefined {
  const credentials = (header ?? '').trim();
  if (!credentials.includes(' ')) return detail(403, MESSAGES.noCredentials);
  const [scheme, ...rest] = credentials.split(' ');
  if (scheme!.toLowerCase() !== 'bearer') return detail(403, MESSAGES.unsupportedType);
  const token = rest.join(' ');
  if (token === server.tokens.withoutPermission) return detail(403, MESSAGES.noPermission);
  if (token !== server.tokens.valid) return detail(403, MESSAGES.invalidToken);
  return undefined;
}

/**
 * The body as DRF's JSON parser reads it: `{}` when empty, a 400 when it is not JSON, a 415 when it is not sent as
 * JSON.
 */
function parse(request: Incoming): { body: unknown } | Response {
  const text = request.body;
  if (text === '') return { body: {} };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    return detail(415, `Unsupported media type "${type.split(';')[0]}" in request.`);
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (error) {
    return detail(400, `JSON parse error - ${(error as Error).message}`);
  }
}

/** Checks a body, then the rules that need the data: a unique name, an existing configure flow. */
function validated(
  server: Server,
  request: Incoming,
  partial: boolean,
  self?: FakeStage,
): Partial<FakeStage> | Response {
  const parsed = parse(request);
  if (parsed instanceof Response) return parsed;
  const checked = checkBody(parsed.body, partial);
  const errors: FieldErrors = checked.ok ? {} : checked.errors;
  // DRF checks each field on its own: a taken name or an unknown flow is reported beside the other fields' problems.
  const { name, configure_flow } = (checked.ok ? checked.value : errors.non_field_errors ? {} : parsed.body) as {
    name?: unknown;
    configure_flow?: unknown;
  };
  if (
    !errors.name &&
    typeof name === 'string' &&
    server.data.stages.some((stage) => stage !== self && stage.name === name)
  ) {
    errors.name = ['password stage with this name already exists.'];
  }
  const flow = typeof configure_flow === 'string' ? configure_flow.toLowerCase() : undefined;
  if (!errors.configure_flow && flow && !server.data.flowPks.has(flow))
    errors.configure_flow = [`Invalid pk "${configure_flow as string}" - object does not exist.`];
  if (!checked.ok || Object.keys(errors).length) return answer(400, errors);
  return { ...checked.value, ...(flow ? { configure_flow: flow } : {}) } as Partial<FakeStage>;
}

/** Answers one request to the password-stage API from `server`'s data. */
export function route(server: Server, request: Incoming): Response {
  const { data, release } = server;
  const path = request.url.pathname;
  const route = path.startsWith(`${server.root}/`)
    ? ROUTES.find(([pattern]) => pattern.test(path.slice(server.root.length)))
    : undefined;
  if (!route) return detail(404, MESSAGES.notFound);
  const refused = denied(server, request.headers.get('authorization'));
  if (refused) return refused;
  const [pattern, methods] = route;
  const { method } = request;
  if (!methods.includes(method)) return detail(405, `Method "${method}" not allowed.`);
  const serialize = (stage: FakeStage) => serializeStage(data, release, stage);
  const uuid = pattern.exec(path.slice(server.root.length))![1]?.toLowerCase();
  if (uuid === undefined) {
    if (method === 'GET') return listStages(data.stages, request.url, data.flowPks, serialize);
    const fields = validated(server, request, false);
    if (fields instanceof Response) return fields;
    const stage: FakeStage = {
      pk: randomUuid(),
      name: '',
      backends: [],
      configure_flow: null,
      failed_attempts_before_cancel: 5,
      allow_show_password: false,
      ...fields,
    };
    data.stages.push(stage);
    return answer(201, serialize(stage));
  }
  const stage = data.stages.find((candidate) => candidate.pk === uuid);
  if (!stage) return detail(404, MESSAGES.noStage);
  if (path.endsWith('/used_by/')) return answer(200, usedBy(data, release, stage));
  if (method === 'GET') return answer(200, serialize(stage));
  if (method === 'DELETE') {
    data.stages.splice(data.stages.indexOf(stage), 1);
    data.bindings = data.bindings.filter((binding) => binding.stage !== stage.pk);
    data.references = data.references.filter((reference) => reference.stage !== stage.pk);
    return answer(204);
  }
  const fields = validated(server, request, method === 'PATCH', stage);
  if (fields instanceof Response) return fields;
  Object.assign(stage, fields);
  return answer(200, serialize(stage));
}
