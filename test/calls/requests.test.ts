// What goes over the wire for each call: method, URL, query, body, headers and token; listAll's paging; two clients
// that never share settings; a browser's fetch called with the receiver it insists on.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createAuthentikClient } from '../../src/index.js';
import {
  BASE_URL as BASE,
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  fakeFetch,
  json,
  PAGE,
  STAGE_UUID,
  TOKEN,
} from '../support/index.js';

const client = (respond?: Parameters<typeof fakeFetch>[0]) =>
  fakeClient(respond, { headers: { 'X-Request-Source': 'tests' } });

// Browsers' fetch (and window.fetch passed as an option) refuses to run with any `this` but the window.
function browserLikeFetch(this: unknown): Promise<Response> {
  if (this !== undefined && this !== globalThis)
    return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
  return Promise.resolve(json(DOCUMENTED_EXAMPLE));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what goes over the wire', () => {
  test('retrieve sends GET to the item URL with the bearer token, JSON accept and the caller headers', async () => {
    const { authentik, requests } = client();
    await authentik.passwordStages.retrieve(STAGE_UUID);
    expect(requests).toEqual([
      {
        url: `${BASE}/stages/password/${STAGE_UUID}/`,
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}`, 'x-request-source': 'tests' },
        body: undefined,
      },
    ]);
  });

  test('a trailing slash on baseUrl does not double the slash', async () => {
    const fake = fakeFetch();
    await createAuthentikClient({ baseUrl: `${BASE}/`, token: TOKEN, fetch: fake.fetch }).passwordStages.retrieve(
      STAGE_UUID,
    );
    expect(fake.requests[0]!.url).toBe(`${BASE}/stages/password/${STAGE_UUID}/`);
  });

  test('list sends the spec query parameters it was given, encoded, and leaves the rest out', async () => {
    const { authentik, requests } = client(() => json(PAGE));
    await authentik.passwordStages.list({
      search: 'a&b=c #x',
      ordering: '-name',
      page: 2,
      page_size: 50,
      allow_show_password: false,
      configure_flow: STAGE_UUID,
    });
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/api/v3/stages/password/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      search: 'a&b=c #x',
      ordering: '-name',
      page: '2',
      page_size: '50',
      allow_show_password: 'false',
      configure_flow: STAGE_UUID,
    });
    expect(requests[0]!.method).toBe('GET');
  });

  test('create sends POST with the JSON body and content type', async () => {
    const { authentik, requests } = client(() => json(DOCUMENTED_EXAMPLE, 201));
    const body = { name: 'x', backends: ['authentik.core.auth.TokenBackend' as const] };
    await authentik.passwordStages.create(body);
    expect(requests[0]).toMatchObject({ url: `${BASE}/stages/password/`, method: 'POST', body: JSON.stringify(body) });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
  });

  test('update sends PUT and patch sends PATCH to the item URL with the body', async () => {
    const { authentik, requests } = client();
    await authentik.passwordStages.update(STAGE_UUID, { name: 'x', backends: [] });
    await authentik.passwordStages.patch(STAGE_UUID, { allow_show_password: true });
    expect(requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'PUT', url: `${BASE}/stages/password/${STAGE_UUID}/`, body: '{"name":"x","backends":[]}' },
      { method: 'PATCH', url: `${BASE}/stages/password/${STAGE_UUID}/`, body: '{"allow_show_password":true}' },
    ]);
  });

  test('delete sends DELETE and usedBy sends GET to the used_by URL', async () => {
    const { authentik, requests } = client((request) => (request.method === 'DELETE' ? json(null, 204) : json([])));
    await authentik.passwordStages.delete(STAGE_UUID);
    await authentik.passwordStages.usedBy(STAGE_UUID);
    expect(requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `DELETE ${BASE}/stages/password/${STAGE_UUID}/`,
      `GET ${BASE}/stages/password/${STAGE_UUID}/used_by/`,
    ]);
  });

  test('an upper-case stage uuid is accepted and sent as given', async () => {
    const { authentik, requests } = client();
    await authentik.passwordStages.retrieve(STAGE_UUID.toUpperCase());
    expect(requests[0]!.url).toBe(`${BASE}/stages/password/${STAGE_UUID.toUpperCase()}/`);
  });

  test('a token function is called for every request, so a rotated token is used from the next call on', async () => {
    let n = 0;
    const fake = fakeFetch();
    const authentik = createAuthentikClient({ baseUrl: BASE, token: async () => `token-${++n}`, fetch: fake.fetch });
    await authentik.passwordStages.retrieve(STAGE_UUID);
    await authentik.passwordStages.retrieve(STAGE_UUID);
    expect(fake.requests.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  test('an Authorization header among the caller headers never replaces the token', async () => {
    const fake = fakeFetch();
    const authentik = createAuthentikClient({
      baseUrl: BASE,
      token: TOKEN,
      fetch: fake.fetch,
      headers: { Authorization: 'Basic abc' },
    });
    await authentik.passwordStages.retrieve(STAGE_UUID);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test('listAll fetches the next page only when the previous page is used up', async () => {
    const pages = [
      {
        ...PAGE,
        pagination: { ...PAGE.pagination, next: 2, current: 1, total_pages: 2 },
        results: [{ ...DOCUMENTED_EXAMPLE, name: 'a' }],
      },
      {
        ...PAGE,
        pagination: { ...PAGE.pagination, next: 0, current: 2, total_pages: 2 },
        results: [{ ...DOCUMENTED_EXAMPLE, name: 'b' }],
      },
    ];
    const { authentik, requests } = client((request) =>
      json(pages[Number(new URL(request.url).searchParams.get('page')) - 1]),
    );
    const iterator = authentik.passwordStages.listAll({ page_size: 1, search: 'x' });
    expect((await iterator.next()).value.name).toBe('a');
    expect(requests).toHaveLength(1);
    expect((await iterator.next()).value.name).toBe('b');
    expect(requests).toHaveLength(2);
    expect((await iterator.next()).done).toBe(true);
    expect(requests.map((request) => new URL(request.url).search)).toEqual([
      '?page_size=1&search=x&page=1',
      '?page_size=1&search=x&page=2',
    ]);
  });
});

test('withResponse.listAll yields each page fetched with its HTTP response, one request per page', async () => {
  const pages = [
    { ...PAGE, pagination: { ...PAGE.pagination, next: 2, current: 1, total_pages: 2 } },
    { ...PAGE, pagination: { ...PAGE.pagination, next: 0, current: 2, total_pages: 2 } },
  ];
  const { authentik, requests } = client((request) =>
    json(pages[Number(new URL(request.url).searchParams.get('page')) - 1], 200, {
      'x-page': new URL(request.url).searchParams.get('page')!,
    }),
  );
  const seen: string[] = [];
  for await (const { data, response } of authentik.passwordStages.withResponse.listAll({ page_size: 1 })) {
    seen.push(`${data.pagination.current} ${response.status} ${response.headers.get('x-page')}`);
  }
  expect(seen).toEqual(['1 200 1', '2 200 2']);
  expect(requests).toHaveLength(2);
});

describe('two clients', () => {
  test('clients with different servers and tokens never see each other’s settings, also when called concurrently', async () => {
    const a = fakeFetch(() => json({ ...DOCUMENTED_EXAMPLE, name: 'from-a' }));
    const b = fakeFetch(() => json({ ...DOCUMENTED_EXAMPLE, name: 'from-b' }));
    const clientA = createAuthentikClient({
      baseUrl: 'https://a.example/api/v3',
      token: 'token-a',
      fetch: a.fetch,
      timeoutMs: 1_000,
    });
    const clientB = createAuthentikClient({
      baseUrl: 'https://b.example/api/v3',
      token: async () => 'token-b',
      fetch: b.fetch,
      headers: { 'X-Only': 'b' },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? clientB : clientA).passwordStages.retrieve(STAGE_UUID)),
    );
    expect(results.map((stage) => stage.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'from-b' : 'from-a')),
    );
    expect(
      new Set(
        a.requests.map(
          (request) => `${new URL(request.url).host} ${request.headers.authorization} ${request.headers['x-only']}`,
        ),
      ),
    ).toEqual(new Set(['a.example Bearer token-a undefined']));
    expect(
      new Set(
        b.requests.map(
          (request) => `${new URL(request.url).host} ${request.headers.authorization} ${request.headers['x-only']}`,
        ),
      ),
    ).toEqual(new Set(['b.example Bearer token-b b']));
  });
});

test('a fetch that insists on its own receiver, as a browser fetch does, is called so that it works', async () => {
  const authentik = createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch: browserLikeFetch, maxRetries: 0 });
  const stage = await authentik.passwordStages.retrieve(STAGE_UUID);
  expect(stage.pk).toBe(STAGE_UUID);
});

test('listAll stops when the server names the current page as the next one, instead of asking for it again and again', async () => {
  const { stages, requests } = fakeClient(() =>
    json({ ...PAGE, pagination: { ...PAGE.pagination, next: 2, current: 2 } }),
  );
  const seen: string[] = [];
  for await (const stage of stages.listAll({ page: 2 })) {
    seen.push(stage.pk);
    if (seen.length > 3) break;
  }
  expect(seen).toEqual([STAGE_UUID]);
  expect(requests.map((request) => request.url)).toEqual([`${BASE_URL}/stages/password/?page=2`]);
});
