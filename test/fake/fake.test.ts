import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { FRAGMENT } from '../../scripts/prism.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  Backend,
  BadRequestError,
  createAuthentikClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '../../src/index.js';
import { createFakeAuthentik, type FakeAuthentik, type FakeAuthentikOptions } from '../../src/testing/index.js';

type Examples = Record<string, { value?: unknown; $ref?: string }>;
const spec = parse(readFileSync(FRAGMENT, 'utf8')) as {
  paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { examples: Examples } } } } } }>;
  components: { examples: Record<string, { value: unknown }> };
};
function example(path: string, name: string): unknown {
  const found = spec.paths[path]!.get.responses[200].content['application/json'].examples[name]!;
  return found.$ref ? spec.components.examples[found.$ref.split('/').pop()!]!.value : found.value;
}

const DEFAULT = 'd168f99b-2fed-4329-952c-d51fd546d278';
const clientFor = (fake: FakeAuthentik, token = fake.token) =>
  createAuthentikClient({ baseUrl: fake.baseUrl, token, fetch: fake.fetch, maxRetries: 0, validation: 'strict' });
const setup = (options?: FakeAuthentikOptions) => {
  const fake = createFakeAuthentik(options);
  return { fake, authentik: clientFor(fake) };
};

/**
 * A raw request to the fake, with its valid token unless `token` says otherwise; resolves to the status and parsed
 * body.
 */
async function send(
  fake: FakeAuthentik,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = fake.token,
) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fake.fetch(`${fake.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}

describe('the default data is authentik’s default password stages, as the contract’s examples show them', () => {
  test('the first page, a stage and its used-by list equal the curated examples', async () => {
    const { authentik } = setup();
    expect(await authentik.passwordStages.list()).toEqual(example('/stages/password/', 'three-stages'));
    expect(await authentik.passwordStages.retrieve(DEFAULT)).toEqual(
      example('/stages/password/{stage_uuid}/', 'default-authentication-password'),
    );
    expect(await authentik.passwordStages.usedBy(DEFAULT)).toEqual(
      example('/stages/password/{stage_uuid}/used_by/', 'flow-stage-binding'),
    );
  });

  test('each fake has data of its own: a stage created in one is not in another', async () => {
    const one = setup();
    await one.authentik.passwordStages.create({ name: 'only-here', backends: [Backend.Inbuilt] });
    expect(one.fake.stages().map((stage) => stage.name)).toContain('only-here');
    expect(
      createFakeAuthentik()
        .stages()
        .map((stage) => stage.name),
    ).toEqual(['default-authentication-password', 'ldap-authentication-password', 'token-authentication-password']);
  });
});

describe('lists page, filter, search and order as authentik does', () => {
  const names = (page: { results: { name: string }[] }) => page.results.map((stage) => stage.name);

  test('pages carry page numbers, 0 where there is none, and the indexes of their first and last stage', async () => {
    const { authentik } = setup();
    const second = await authentik.passwordStages.list({ page: 2, page_size: 2 });
    expect(second.pagination).toEqual({
      next: 0,
      previous: 1,
      count: 3,
      current: 2,
      total_pages: 2,
      start_index: 3,
      end_index: 3,
    });
    expect(names(second)).toEqual(['token-authentication-password']);
    expect(second.autocomplete).toEqual({});
    await expect(authentik.passwordStages.list({ page: 3, page_size: 2 })).rejects.toMatchObject({
      constructor: NotFoundError,
      body: { detail: 'Invalid page.' },
    });
    const empty = await authentik.passwordStages.list({ search: 'nothing' });
    expect(empty.pagination).toEqual({
      next: 0,
      previous: 0,
      count: 0,
      current: 1,
      total_pages: 1,
      start_index: 0,
      end_index: 0,
    });
  });

  test('filters match exactly, search matches part of the name in any case, ordering takes fields and -fields', async () => {
    const { authentik } = setup();
    expect(names(await authentik.passwordStages.list({ search: 'LDAP' }))).toEqual(['ldap-authentication-password']);
    expect(names(await authentik.passwordStages.list({ name: 'ldap-authentication' }))).toEqual([]);
    expect(names(await authentik.passwordStages.list({ failed_attempts_before_cancel: 3 }))).toEqual([
      'token-authentication-password',
    ]);
    expect(
      names(await authentik.passwordStages.list({ configure_flow: '59b5538f-5559-4f58-84fd-ff1dfd4911fd' })),
    ).toEqual(['default-authentication-password']);
    expect(names(await authentik.passwordStages.list({ allow_show_password: true }))).toEqual([]);
    expect(names(await authentik.passwordStages.list({ ordering: '-name' }))).toEqual([
      'token-authentication-password',
      'ldap-authentication-password',
      'default-authentication-password',
    ]);
    expect(names(await authentik.passwordStages.list({ ordering: 'failed_attempts_before_cancel,-name' }))).toEqual([
      'token-authentication-password',
      'ldap-authentication-password',
      'default-authentication-password',
    ]);
    await expect(
      authentik.passwordStages.list({ configure_flow: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      constructor: BadRequestError,
      body: { configure_flow: ['Select a valid choice. That choice is not one of the available choices.'] },
    });
  });

  test('listAll walks every page of the data', async () => {
    const { authentik } = setup({
      stages: Array.from({ length: 7 }, (_, index) => ({ name: `stage-${index}`, backends: [Backend.Inbuilt] })),
    });
    const all = [];
    for await (const stage of authentik.passwordStages.listAll({ page_size: 3 })) all.push(stage.name);
    expect(all).toEqual(['stage-0', 'stage-1', 'stage-2', 'stage-3', 'stage-4', 'stage-5', 'stage-6']);
  });
});

describe('writes answer as authentik does', () => {
  test('create answers 201 with a new uuid, update and patch change the stage, delete answers 204 and removes its bindings', async () => {
    const { fake, authentik } = setup();
    const created = await authentik.passwordStages.withResponse.create({ name: 'new', backends: [Backend.LDAP] });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      name: 'new',
      backends: [Backend.LDAP],
      configure_flow: null,
      failed_attempts_before_cancel: 5,
      allow_show_password: false,
      flow_set: [],
    });
    expect(created.data.pk).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      await authentik.passwordStages.update(created.data.pk, { name: 'renamed', backends: [Backend.Token] }),
    ).toMatchObject({ name: 'renamed', backends: [Backend.Token] });
    expect(await authentik.passwordStages.patch(created.data.pk, { allow_show_password: true })).toMatchObject({
      name: 'renamed',
      allow_show_password: true,
    });
    const deleted = await authentik.passwordStages.withResponse.delete(DEFAULT);
    expect(deleted.response.status).toBe(204);
    await expect(authentik.passwordStages.usedBy(DEFAULT)).rejects.toMatchObject({
      constructor: NotFoundError,
      body: { detail: 'No PasswordStage matches the given query.' },
    });
    expect(fake.stages().map((stage) => stage.name)).toEqual([
      'ldap-authentication-password',
      'renamed',
      'token-authentication-password',
    ]);
  });

  test('used_by names each binding after its flow and the stage’s current name', async () => {
    const { authentik } = setup();
    await authentik.passwordStages.patch(DEFAULT, { name: 'login-password' });
    expect((await authentik.passwordStages.usedBy(DEFAULT)).map((entry) => entry.name)).toEqual([
      'Flow default-authentication-flow > Stage login-password',
    ]);
  });

  test('bodies get Django REST framework’s 400 answers, field by field', async () => {
    const { fake } = setup();
    const stages = '/stages/password/';
    expect(await send(fake, 'POST', stages, { name: 'default-authentication-password', backends: [] })).toMatchObject({
      status: 400,
      body: { name: ['password stage with this name already exists.'] },
    });
    expect(await send(fake, 'POST', stages, {})).toMatchObject({
      status: 400,
      body: { name: ['This field is required.'], backends: ['This field is required.'] },
    });
    expect(await send(fake, 'POST', stages, { name: 'x', backends: [Backend.Inbuilt, 'x'] })).toMatchObject({
      status: 400,
      body: { backends: { 1: ['"x" is not a valid choice.'] } },
    });
    expect(
      (
        await send(fake, 'POST', stages, {
          name: '',
          backends: 'x',
          failed_attempts_before_cancel: 2 ** 31,
          allow_show_password: 'maybe',
          configure_flow: 'nope',
        })
      ).body,
    ).toEqual({
      name: ['This field may not be blank.'],
      backends: ['Expected a list of items but got type "str".'],
      failed_attempts_before_cancel: ['Ensure this value is less than or equal to 2147483647.'],
      allow_show_password: ['Must be a valid boolean.'],
      configure_flow: ['“nope” is not a valid UUID.'],
    });
    expect((await send(fake, 'POST', stages, [])).body).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    expect((await send(fake, 'PUT', `${stages}${DEFAULT}/`, { name: 'only-a-name' })).body).toEqual({
      backends: ['This field is required.'],
    });
    expect(fake.stages()).toHaveLength(3);
  });

  test('read-only and unknown fields in a body are ignored', async () => {
    const { fake } = setup();
    const { status, body } = await send(fake, 'POST', '/stages/password/', {
      pk: DEFAULT,
      name: 'x',
      backends: [],
      component: 'y',
      flow_set: [{}],
      shoe_size: 44,
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'x', component: 'ak-stage-password-form', flow_set: [] });
    expect((body as { pk: string }).pk).not.toBe(DEFAULT);
  });
});

describe('authentication answers 403 with authentik’s reasons', () => {
  test('no token, an expired or unknown token, and a token without permission each get their own body', async () => {
    const { fake } = setup();
    const detail = async (token: string | null) =>
      (await send(fake, 'GET', '/stages/password/', undefined, token)).body;
    expect(await detail(null)).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(await detail(fake.tokens.expired)).toEqual({ detail: 'Token invalid/expired' });
    expect(await detail('made-up')).toEqual({ detail: 'Token invalid/expired' });
    expect(await detail(fake.tokens.withoutPermission)).toEqual({
      detail: 'You do not have permission to perform this action.',
    });
    await expect(clientFor(fake, fake.tokens.expired).passwordStages.list()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(
      clientFor(fake, fake.tokens.withoutPermission).passwordStages.create({ name: 'x', backends: [] }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(fake.stages()).toHaveLength(3);
  });

  test('every answer carries X-authentik-id, and the request log keeps no token', async () => {
    const { fake } = setup();
    const answers = [
      await send(fake, 'GET', '/stages/password/'),
      await send(fake, 'GET', '/stages/password/', undefined, null),
      await send(fake, 'DELETE', `/stages/password/${DEFAULT}/`),
    ];
    expect(answers.map(({ headers }) => /^[0-9a-f]{32}$/.test(headers.get('x-authentik-id') ?? ''))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      fake.requests.map(({ method, path, status, headers }) => [method, path, status, headers.authorization]),
    ).toEqual([
      ['GET', '/api/v3/stages/password/', 200, 'Bearer [redacted]'],
      ['GET', '/api/v3/stages/password/', 403, undefined],
      ['DELETE', `/api/v3/stages/password/${DEFAULT}/`, 204, 'Bearer [redacted]'],
    ]);
    expect(JSON.stringify(fake.requests)).not.toContain(fake.token);
  });
});

describe('faults', () => {
  test('503 and 429 with Retry-After fail the next answers, then the fake answers again', async () => {
    const { fake, authentik } = setup();
    fake.failNext('unavailable');
    fake.failNext('rate-limited', { times: 2, retryAfter: 3 });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await send(fake, 'GET', '/stages/password/')).status);
    expect(statuses).toEqual([503, 429, 429, 200]);
    fake.failNext('rate-limited', { retryAfter: 7 });
    await expect(authentik.passwordStages.list()).rejects.toMatchObject({ constructor: RateLimitError, retryAfter: 7 });
    expect(fake.requests.map(({ status }) => status)).toEqual([503, 429, 429, 200, 429]);
  });

  test('a reset connection rejects fetch with a TypeError caused by ECONNRESET, which the SDK retries', async () => {
    const { fake } = setup();
    fake.failNext('reset');
    const failure = await fake.fetch(`${fake.baseUrl}/stages/password/`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNRESET');
    fake.failNext('reset');
    const retried = createAuthentikClient({
      baseUrl: fake.baseUrl,
      token: fake.token,
      fetch: fake.fetch,
      maxRetries: 1,
    });
    expect((await retried.passwordStages.list()).pagination.count).toBe(3);
    fake.failNext('reset');
    await expect(clientFor(fake).passwordStages.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  test('an answer that never comes ends when the request’s signal aborts', async () => {
    const { fake } = setup();
    fake.failNext('no-answer');
    const controller = new AbortController();
    const pending = fake.fetch(new Request(`${fake.baseUrl}/stages/password/`), { signal: controller.signal });
    controller.abort(new Error('given up'));
    await expect(pending).rejects.toThrow('given up');
    fake.failNext('no-answer');
    const impatient = createAuthentikClient({
      baseUrl: fake.baseUrl,
      token: fake.token,
      fetch: fake.fetch,
      timeoutMs: 50,
    });
    await expect(impatient.passwordStages.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  test('listen() serves the same fake on 127.0.0.1, where a reset closes the socket and a missing answer times out', async () => {
    const { fake } = setup();
    const server = await fake.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
      const authentik = createAuthentikClient({ baseUrl: server.url, token: fake.token, maxRetries: 0 });
      const created = await authentik.passwordStages.create({ name: 'over-the-wire', backends: [Backend.Inbuilt] });
      expect(fake.stages().find((stage) => stage.pk === created.pk)?.name).toBe('over-the-wire');
      fake.failNext('reset');
      await expect(authentik.passwordStages.list()).rejects.toMatchObject({ constructor: APIConnectionError });
      fake.failNext('no-answer');
      await expect(authentik.passwordStages.list({}, { timeoutMs: 300 })).rejects.toBeInstanceOf(
        APIConnectionTimeoutError,
      );
      expect(fake.requests.map(({ status }) => status)).toEqual([201, 'reset', 'no-answer']);
    } finally {
      await server.close();
    }
  });
});

describe('releases and your own data', () => {
  test('a release answers flows with its own field names, and an unknown release is refused', async () => {
    const background = (options: FakeAuthentikOptions) =>
      Object.keys(createFakeAuthentik(options).stages()[0]!.flow_set![0]!).filter((key) =>
        key.startsWith('background'),
      );
    expect(background({})).toEqual(['background']);
    expect(background({ release: '2025.12.6' })).toEqual(['background_url']);
    expect(createFakeAuthentik().release).toBe('2025.10.4');
    expect(() => createFakeAuthentik({ release: '2024.2.0' as never })).toThrow(
      'release must be one of 2025.8.6, 2025.10.4, 2025.12.6, 2026.2.0, 2026.5.6, 2026.8.3',
    );
  });

  test('a frame-background layout exists only from 2026.2, and flows bind the stages they name', async () => {
    const flows = [{ slug: 'framed', layout: 'sidebar_right_frame_background' as const, stages: ['mine'] }];
    const stages = [{ name: 'mine', backends: [Backend.Inbuilt] }];
    expect(() => createFakeAuthentik({ release: '2025.12.6', stages, flows })).toThrow(
      'which authentik 2025.12.6 does not have',
    );
    const { authentik, fake } = setup({ release: '2026.2.0', stages, flows });
    const [stage] = fake.stages();
    expect(stage!.flow_set!.map((flow) => [flow.slug, flow.layout, flow.export_url])).toEqual([
      ['framed', 'sidebar_right_frame_background', '/api/v3/flows/instances/framed/export/'],
    ]);
    expect(await authentik.passwordStages.usedBy(stage!.pk)).toEqual([
      {
        app: 'authentik_flows',
        model_name: 'flowstagebinding',
        pk: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Flow framed > Stage mine',
        action: 'cascade',
      },
    ]);
    expect(() => createFakeAuthentik({ stages, flows: [{ slug: 'f', stages: ['other'] }] })).toThrow(
      'flow "f" names the stage "other", which is not among the stages',
    );
  });

  test('fetch takes a URL and init as well as a Request, and answers for any origin’s API root path', async () => {
    const fake = createFakeAuthentik({ baseUrl: 'http://intranet.example/authentik/api/v3/' });
    expect(fake.baseUrl).toBe('http://intranet.example/authentik/api/v3');
    const headers = { authorization: `Bearer ${fake.token}` };
    const byUrl = await fake.fetch(new URL(`${fake.baseUrl}/stages/password/`), { headers });
    const byRequest = await fake.fetch(new Request(`${fake.baseUrl}/stages/password/?page_size=1`, { headers }));
    expect([byUrl.status, byRequest.status]).toEqual([200, 200]);
    expect(((await byRequest.json()) as { results: unknown[] }).results).toHaveLength(1);
    expect((await fake.fetch(`${fake.baseUrl}/flows/instances/`, { headers })).status).toBe(404);
  });
});
