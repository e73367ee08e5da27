// A scripted session against the fake: every operation, and every error answer authentik gives for them. The
// parity tests run it through Prism's validating proxy.
import { createFakeAuthentik, type FakeAuthentik, type FlowInit, type Release } from '../../src/testing/index.js';
import { dialectOf } from '../../src/testing/releases.js';

export interface Step {
  method: string;
  path: string;
  /** Which token to send: one of the fake's, `'none'` for no Authorization header, or a literal one. */
  token?: 'valid' | 'withoutPermission' | 'expired' | 'none' | 'unknown';
  body?: unknown;
  status: number;
  /** Run against the contract only: the same request and answer kind as another step, which every release runs. */
  contractOnly?: true;
}

export const DEFAULT_STAGE = 'd168f99b-2fed-4329-952c-d51fd546d278';
const DEFAULT = DEFAULT_STAGE;
const LDAP = 'b623b20e-419d-4c0d-a1df-256cd4ce3e55';
const CONFIGURE_FLOW = '59b5538f-5559-4f58-84fd-ff1dfd4911fd';
const MISSING = '00000000-0000-4000-8000-000000000000';
const LIST = '/stages/password/';
const stage = (uuid: string, rest = '') => `/stages/password/${uuid}/${rest}`;
const body = {
  name: 'session-password',
  backends: ['authentik.core.auth.InbuiltBackend'],
  configure_flow: null,
  failed_attempts_before_cancel: 3,
  allow_show_password: true,
};

/** The session on authentik's default stages; `created` stands for the uuid the create step answered. */
export const SESSION: Step[] = [
  { method: 'GET', path: LIST, status: 200 },
  { method: 'GET', path: `${LIST}?page_size=1&page=2&ordering=-name`, status: 200 },
  { method: 'GET', path: `${LIST}?page=2&page_size=2`, status: 200, contractOnly: true },
  { method: 'GET', path: `${LIST}?search=LDAP`, status: 200, contractOnly: true },
  { method: 'GET', path: `${LIST}?name=token-authentication-password`, status: 200, contractOnly: true },
  { method: 'GET', path: `${LIST}?configure_flow=${CONFIGURE_FLOW}`, status: 200, contractOnly: true },
  { method: 'GET', path: `${LIST}?failed_attempts_before_cancel=3&allow_show_password=false`, status: 200 },
  { method: 'GET', path: `${LIST}?ordering=failed_attempts_before_cancel,-name&search=nothing-matches`, status: 200 },
  { method: 'GET', path: `${LIST}?configure_flow=${MISSING}`, status: 400 },
  { method: 'GET', path: `${LIST}?page=9`, status: 404 },
  { method: 'GET', path: stage(DEFAULT), status: 200 },
  { method: 'GET', path: stage(DEFAULT, 'used_by/'), status: 200 },
  { method: 'GET', path: stage(LDAP, 'used_by/'), status: 200, contractOnly: true },
  { method: 'POST', path: LIST, body, status: 201 },
  { method: 'GET', path: stage('created'), status: 200, contractOnly: true },
  { method: 'GET', path: stage('created', 'used_by/'), status: 200, contractOnly: true },
  { method: 'POST', path: LIST, body, status: 400 },
  { method: 'POST', path: LIST, body: { backends: [] }, status: 400 },
  {
    method: 'POST',
    path: LIST,
    body: { name: 'bad-choice', backends: ['authentik.core.auth.InbuiltBackend', 'x'] },
    status: 400,
  },
  {
    method: 'POST',
    path: LIST,
    body: { name: 'bad-types', backends: 'x', failed_attempts_before_cancel: 'five', allow_show_password: 'maybe' },
    status: 400,
  },
  { method: 'POST', path: LIST, body: { name: 'no-such-flow', backends: [], configure_flow: MISSING }, status: 400 },
  {
    method: 'POST',
    path: LIST,
    body: { ...body, name: 'with-read-only-fields', pk: MISSING, component: 'x', flow_set: [], not_a_field: 1 },
    status: 201,
  },
  {
    method: 'PUT',
    path: stage('created'),
    body: { name: 'session-password-renamed', backends: ['authentik.core.auth.TokenBackend'] },
    status: 200,
  },
  { method: 'PUT', path: stage('created'), body: { name: 'session-password-renamed' }, status: 400 },
  { method: 'PUT', path: stage(MISSING), body, status: 404 },
  {
    method: 'PATCH',
    path: stage('created'),
    body: { failed_attempts_before_cancel: 7, configure_flow: CONFIGURE_FLOW },
    status: 200,
  },
  { method: 'PATCH', path: stage('created'), body: { name: 'default-authentication-password' }, status: 400 },
  { method: 'PATCH', path: stage(MISSING), body: { allow_show_password: false }, status: 404 },
  { method: 'DELETE', path: stage('created'), status: 204 },
  { method: 'GET', path: stage('created'), status: 404 },
  { method: 'GET', path: stage('created', 'used_by/'), status: 404 },
  { method: 'DELETE', path: stage('created'), status: 404 },
  { method: 'GET', path: LIST, token: 'none', status: 403 },
  { method: 'GET', path: stage(DEFAULT), token: 'expired', status: 403 },
  { method: 'GET', path: stage(DEFAULT, 'used_by/'), token: 'unknown', status: 403 },
  { method: 'POST', path: LIST, token: 'withoutPermission', body, status: 403 },
  { method: 'PUT', path: stage(DEFAULT), token: 'withoutPermission', body, status: 403, contractOnly: true },
  { method: 'PATCH', path: stage(DEFAULT), token: 'expired', body: {}, status: 403, contractOnly: true },
  { method: 'DELETE', path: stage(DEFAULT), token: 'none', status: 403, contractOnly: true },
];

/**
 * The session's fake: authentik's default stages and flows as the fake seeds them, plus what differs between releases:
 * a flow in the newest layout `release` has binding the default stage, and a reference a delete leaves behind.
 */
export function sessionFake(release: Release): FakeAuthentik {
  const seeded = createFakeAuthentik({ release }).stages();
  const flows = new Map<string, FlowInit & { stages: string[] }>();
  for (const stage of seeded) {
    for (const { export_url: _url, background_url: _newer, background, ...flow } of stage.flow_set ?? []) {
      const known = flows.get(flow.pk) ?? { ...flow, ...(background ? { background } : {}), stages: [] };
      flows.set(flow.pk, known);
      known.stages.push(stage.name);
    }
  }
  const layout = dialectOf(release).frameLayouts ? 'sidebar_left_frame_background' : 'sidebar_left';
  return createFakeAuthentik({
    release,
    stages: seeded.map(
      ({ pk, name, backends, configure_flow, failed_attempts_before_cancel, allow_show_password }) => ({
        pk,
        name,
        backends,
        configure_flow,
        failed_attempts_before_cancel,
        allow_show_password,
      }),
    ),
    flows: [...flows.values(), { slug: 'framed', layout, stages: [seeded[0]!.name] }],
    references: [
      {
        stage: seeded[0]!.name,
        app: 'authentik_stages_identification',
        model_name: 'identificationstage',
        name: 'identification',
        action: 'left_dangling',
      },
    ],
  });
}

export interface Sent {
  step: Step;
  status: number;
  body: unknown;
  headers: Headers;
}

/** Runs `steps` against an API root (the fake's own, or a proxy in front of it), with the fake's tokens. */
export async function runSession(
  apiRoot: string,
  fake: FakeAuthentik,
  steps: Step[],
  send: typeof fetch = fetch,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  let created = '';
  for (const step of steps) {
    const token = step.token ?? 'valid';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== 'none') headers.authorization = `Bearer ${token === 'unknown' ? 'not-a-token' : fake.tokens[token]}`;
    if (step.body !== undefined) headers['content-type'] = 'application/json';
    const response = await send(apiRoot + step.path.replace('created', created), {
      method: step.method,
      headers,
      body: step.body === undefined ? null : JSON.stringify(step.body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (step.method === 'POST' && response.status === 201 && !created) created = (parsed as { pk: string }).pk;
    sent.push({ step, status: response.status, body: parsed, headers: response.headers });
  }
  return sent;
}
