import { expect, test } from 'vitest';
import { createAuthentikClient } from '../src/index.js';
import { BASE_URL, DOCUMENTED_EXAMPLE, STAGE_UUID, TOKEN, json } from './support/index.js';

// Browsers' fetch (and window.fetch passed as an option) refuses to run with any `this` but the window.
function browserLikeFetch(this: unknown): Promise<Response> {
  if (this !== undefined && this !== globalThis)
    return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
  return Promise.resolve(json(DOCUMENTED_EXAMPLE));
}

test('a fetch that insists on its own receiver, as a browser fetch does, is called so that it works', async () => {
  const authentik = createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch: browserLikeFetch, maxRetries: 0 });
  const stage = await authentik.passwordStages.retrieve(STAGE_UUID);
  expect(stage.pk).toBe(STAGE_UUID);
});
