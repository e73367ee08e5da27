import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { APIConnectionError, createAuthentikClient } from '../src/index.js';
import { DOCUMENTED_EXAMPLE, rejectionOf, sendJson, STAGE_UUID, startServer, TOKEN } from './support/index.js';

// Redirects as the Fetch standard follows them: credentials stay on their origin, only http(s) is followed, and a loop
// ends.
const redirecting = (status: number, location: (url: string) => string) =>
  startServer((request, res) => {
    res.writeHead(status, { location: location(request.url) });
    res.end();
  });

describe('redirects', () => {
  test('Authorization, Cookie and Proxy-Authorization are dropped when a redirect leaves the origin, other headers are kept', async () => {
    const elsewhere = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const api = await redirecting(302, (path) => `${elsewhere.origin}${path}`);
    const headers = { cookie: 'sessionid=s3cr3t', 'proxy-authorization': 'Basic cHJveHk6cGFzcw==', 'x-trace': 'kept' };
    await createAuthentikClient({ baseUrl: api.url, token: TOKEN, headers }).passwordStages.retrieve(STAGE_UUID);
    expect(api.requests[0]!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      cookie: 'sessionid=s3cr3t',
      'proxy-authorization': 'Basic cHJveHk6cGFzcw==',
    });
    const moved = elsewhere.requests[0]!.headers;
    expect([moved.authorization, moved.cookie, moved['proxy-authorization'], moved['x-trace']]).toEqual([
      undefined,
      undefined,
      undefined,
      'kept',
    ]);
  });

  test('a redirect within the origin keeps the credentials', async () => {
    const api = await startServer((request, res) => {
      if (request.url.startsWith('/moved/')) return sendJson(res, 200, DOCUMENTED_EXAMPLE);
      res.writeHead(308, { location: `/moved${request.url}` });
      res.end();
    });
    await createAuthentikClient({ baseUrl: api.url, token: TOKEN, headers: { cookie: 'a=b' } }).passwordStages.retrieve(
      STAGE_UUID,
    );
    expect(
      api.requests.map((request) => [request.url.slice(0, 7), request.headers.authorization, request.headers.cookie]),
    ).toEqual([
      ['/stages', `Bearer ${TOKEN}`, 'a=b'],
      ['/moved/', `Bearer ${TOKEN}`, 'a=b'],
    ]);
  });

  test.each([
    [
      'data:',
      () => 'data:application/json,{"pk":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}',
      'to a data: URL: only http and https are followed',
    ],
    ['file:', () => 'file:///etc/passwd', 'to a file: URL: only http and https are followed'],
    ['ftp:', () => 'ftp://127.0.0.1/stage.json', 'to a ftp: URL: only http and https are followed'],
    ['a Location that is not a URL', () => 'http://[::1', 'its Location is not a URL'],
    [
      'a URL with a password',
      () => 'http://admin:hunter2-password@127.0.0.1:9/x',
      'to a URL with a user name or password',
    ],
  ])(
    'a redirect to %s is refused at once as a connection error, not followed, not retried, and not quoted',
    async (_, location, reason) => {
      const api = await redirecting(302, location);
      const stages = createAuthentikClient({ baseUrl: api.url, token: TOKEN, maxRetries: 2 }).passwordStages;
      const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionError);
      expect(error.message).toBe(`Redirect not followed (${reason}): GET ${api.url}/stages/password/${STAGE_UUID}/`);
      expect(error.attempts).toBe(1);
      expect(api.requests).toHaveLength(1);
      expect(`${error.message}${error.stack}${inspect(error, { showHidden: true })}`).not.toMatch(
        /hunter2|passwd|stage\.json/,
      );
    },
  );

  test('a redirect loop ends after 20 hops with an error that says so', async () => {
    const api = await redirecting(302, (path) => path);
    const error = await rejectionOf(
      createAuthentikClient({ baseUrl: api.url, token: TOKEN }).passwordStages.retrieve(STAGE_UUID),
      APIConnectionError,
    );
    expect(error.message).toBe(
      `Redirect not followed (more than 20 redirects): GET ${api.url}/stages/password/${STAGE_UUID}/`,
    );
    expect(api.requests).toHaveLength(21);
  });

  test('303 turns a PUT into a GET without its body or body headers; 307 resends the body as it was', async () => {
    const api = await startServer((request, res) => {
      if (request.url.startsWith('/after-')) return sendJson(res, 200, DOCUMENTED_EXAMPLE);
      res.writeHead(request.url.includes('/used_by/') ? 303 : request.method === 'PUT' ? 303 : 307, {
        location: `/after-${request.method}${request.url}`,
      });
      res.end();
    });
    const stages = createAuthentikClient({ baseUrl: api.url, token: TOKEN }).passwordStages;
    await stages.update(STAGE_UUID, { name: 'x', backends: [] });
    await stages.create({ name: 'y', backends: [] });
    const [, put, , post] = api.requests;
    expect([put!.method, put!.body, put!.headers['content-type']]).toEqual(['GET', '', undefined]);
    expect([post!.method, JSON.parse(post!.body), post!.headers['content-type']]).toEqual([
      'POST',
      { name: 'y', backends: [] },
      'application/json',
    ]);
  });
});
