import { describe, expect, test } from 'vitest';
import { stagesPasswordList, stagesPasswordRetrieve, ValiError } from '../../src/generated.js';
import { APIConnectionError, createAuthentikClient } from '../../src/index.js';
import { BASE_URL as BASE, DOCUMENTED_EXAMPLE, fakeFetch, rejectionOf, STAGE_UUID, TOKEN } from '../support/index.js';

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
