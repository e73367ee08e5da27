import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, expect, test } from 'vitest';
import { Backend, createAuthentikClient, NotFoundError } from '../../src/index.js';
import { createFakeAuthentik } from '../../src/testing/index.js';

// README begins
const fake = createFakeAuthentik();
const server = setupServer(http.all(`${fake.baseUrl}/*`, ({ request }) => fake.fetch(request)));
server.listen({ onUnhandledRequest: 'error' });
// README ends
afterAll(() => server.close());

test('as an MSW handler, the fake serves code that uses the global fetch', async () => {
  // Created after server.listen(): the client keeps the global fetch it finds, which MSW has replaced by then.
  const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.token });
  const created = await authentik.passwordStages.create({ name: 'through-msw', backends: [Backend.Token] });
  expect((await authentik.passwordStages.retrieve(created.pk)).name).toBe('through-msw');
  await authentik.passwordStages.delete(created.pk);
  await expect(authentik.passwordStages.retrieve(created.pk)).rejects.toBeInstanceOf(NotFoundError);
  fake.failNext('rate-limited');
  expect((await authentik.passwordStages.list()).pagination.count).toBe(3);
  expect(fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual([
    'POST 201',
    'GET 200',
    'DELETE 204',
    'GET 404',
    'GET 429',
    'GET 200',
  ]);
});
