import { describe, expect, test } from 'vitest';
import { APIConnectionError, createAuthentikClient, NotFoundError } from '../src/index.js';
import { stagesPasswordList, stagesPasswordRetrieve, ValiError } from '../src/generated.js';
import {
  BASE_URL as BASE,
  DOCUMENTED_EXAMPLE,
  STAGE_UUID,
  TOKEN,
  fakeFetch,
  json,
  rejectionOf,
} from './support/index.js';

describe("interceptors on an SDK client's generated client", () => {
  test('a request interceptor adds a header to every call of that client only; another client is untouched', async () => {
    const fake = fakeFetch();
    const traced = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const plain = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    traced.client.interceptors.request.use((request) => {
      request.headers.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
      return request;
    });
    await traced.passwordStages.retrieve(STAGE_UUID);
    await plain.passwordStages.retrieve(STAGE_UUID);
    expect(fake.requests.map((request) => request.headers.traceparent)).toEqual([
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      undefined,
    ]);
  });

  test('a response interceptor sees each attempt: method, URL, status, and never needs the token to log them', async () => {
    let calls = 0;
    const fake = fakeFetch(() =>
      calls++ === 0 ? json({ detail: 'busy' }, 503, { 'retry-after': '0' }) : json(DOCUMENTED_EXAMPLE),
    );
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const log: string[] = [];
    const started = new WeakMap<Request, number>();
    authentik.client.interceptors.request.use((request) => (started.set(request, performance.now()), request));
    authentik.client.interceptors.response.use((response, request) => {
      log.push(
        `${request.method} ${request.url} → ${response.status} in ${Math.round(performance.now() - started.get(request)!)} ms`,
      );
      return response;
    });
    await authentik.passwordStages.retrieve(STAGE_UUID);
    const url = `${BASE}/stages/password/${STAGE_UUID}/`;
    expect(log).toEqual([
      expect.stringMatching(new RegExp(`^GET ${url} → 503 in \\d+ ms$`)),
      expect.stringMatching(new RegExp(`^GET ${url} → 200 in \\d+ ms$`)),
    ]);
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  test('an error interceptor sees the error body of a failed call, which still rejects with the typed error', async () => {
    const fake = fakeFetch(() => json({ detail: 'No PasswordStage matches the given query.' }, 404));
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const seen: unknown[] = [];
    authentik.client.interceptors.error.use((error, response) => (seen.push([response?.status, error]), error));
    await expect(authentik.passwordStages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([[404, { detail: 'No PasswordStage matches the given query.' }]]);
  });

  test('a request interceptor that throws rejects the call with its own error, and nothing is sent', async () => {
    const fake = fakeFetch();
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const refusal = new Error('no calls during maintenance');
    authentik.client.interceptors.request.use(() => {
      throw refusal;
    });
    await expect(authentik.passwordStages.retrieve(STAGE_UUID)).rejects.toBe(refusal);
    expect(fake.requests).toEqual([]);
  });
});

describe('the generated operations (authentik-password-stage/generated)', () => {
  test("run with an SDK client's `client`, they use its base URL, token and headers", async () => {
    const fake = fakeFetch();
    const authentik = createAuthentikClient({
      baseUrl: BASE,
      token: TOKEN,
      fetch: fake.fetch,
      headers: { 'X-Source': 'script' },
    });
    const { data, response } = await stagesPasswordRetrieve({
      client: authentik.client,
      path: { stage_uuid: STAGE_UUID },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual(DOCUMENTED_EXAMPLE);
    expect(fake.requests[0]).toMatchObject({
      url: `${BASE}/stages/password/${STAGE_UUID}/`,
      headers: { authorization: `Bearer ${TOKEN}`, 'x-source': 'script' },
    });
  });

  test('their generated request validator rejects a query the spec does not allow before sending, with ValiError naming the field', async () => {
    const fake = fakeFetch();
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch });
    const error = await rejectionOf(
      stagesPasswordList({ client: authentik.client, query: { page: 'two' as never } }),
      ValiError,
    );
    expect(error.message).toBe('query.page: Invalid type: Expected number but received "two"');
    expect(error.issues.map((issue) => issue.path?.map((item) => item.key).join('.'))).toEqual(['query.page']);
    expect(fake.requests).toEqual([]);
  });

  test('the SDK turns a failed fetch into APIConnectionError, while the generated operation leaves it to the caller', async () => {
    const failing = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const authentik = createAuthentikClient({ baseUrl: BASE, token: TOKEN, fetch: failing, maxRetries: 0 });
    await expect(authentik.passwordStages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(APIConnectionError);
    const { error } = await stagesPasswordRetrieve({ client: authentik.client, path: { stage_uuid: STAGE_UUID } });
    expect(error).toBeInstanceOf(TypeError);
  });
});
