// Redirects as the Fetch standard follows them, whatever fetch is injected: credentials stay on their origin, only
// http(s) is followed, a loop ends, 303 (and 301/302 after a POST) go on as a GET, and a browser's opaque redirect is
// left to the browser.
import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APIError, createAuthentikClient } from '../../src/index.js';
import {
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_URL,
  STAGE_UUID,
  startServer,
  TOKEN,
  type RecordedRequest,
} from '../support/index.js';

// Redirects as the Fetch standard follows them: credentials stay on their origin, only http(s) is followed, and a loop
// ends.
const redirecting = (status: number, location: (url: string) => string) =>
  startServer((request, res) => {
    res.writeHead(status, { location: location(request.url) });
    res.end();
  });
const CREATE_URL = `${BASE_URL}/stages/password/`;
const BODY = { name: 'y', backends: [] };
const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });

/** Answers `first` on the API's own paths, and the stage where the redirects lead (under `BASE_URL/elsewhere/`). */
const thenStage = (first: () => Response) => (request: RecordedRequest) =>
  request.url.startsWith(`${BASE_URL}/elsewhere`) ? json(DOCUMENTED_EXAMPLE) : first();

afterEach(() => {
  vi.useRealTimers();
});
const SECRET = 'ak-SECRET-7f3a9c1e2b4d';

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

describe('redirects staged by an injected fetch', () => {
  test("a browser's opaque redirect is sent again for the browser's own fetch to follow: same method, URL, headers and body", async () => {
    const seen: Request[] = [];
    const bodies: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(request);
      bodies.push(await request.clone().text());
      // What a browser's fetch answers to redirect: 'manual': status 0, no headers, no body, and only its type says
      // why.
      return seen.length === 1
        ? Object.defineProperty(Response.error(), 'type', { value: 'opaqueredirect' })
        : json(DOCUMENTED_EXAMPLE);
    };
    const stages = createAuthentikClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      fetch: fetch as typeof globalThis.fetch,
      maxRetries: 0,
    }).passwordStages;
    expect(await stages.update(STAGE_UUID, BODY)).toEqual(DOCUMENTED_EXAMPLE);
    expect(
      seen.map((request) => [
        request.method,
        request.url,
        request.redirect,
        request.headers.get('authorization'),
        request.headers.get('content-type'),
      ]),
    ).toEqual([
      ['PUT', STAGE_URL, 'manual', `Bearer ${TOKEN}`, 'application/json'],
      ['PUT', STAGE_URL, 'follow', `Bearer ${TOKEN}`, 'application/json'],
    ]);
    expect(bodies.map((text) => JSON.parse(text))).toEqual([BODY, BODY]);
  });

  test('a redirect status without a Location is the answer itself: the call fails with that status, and nothing more is requested', async () => {
    const { stages, requests } = fakeClient(() => json({ detail: 'moved somewhere' }, 302));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIError);
    expect([error.constructor, error.status, error.body]).toEqual([APIError, 302, { detail: 'moved somewhere' }]);
    expect(requests.map((request) => request.url)).toEqual([STAGE_URL]);
  });

  test('a redirect without a body (as a fake fetch or a proxy may answer) is followed', async () => {
    const { stages, requests } = fakeClient(thenStage(() => redirect(307, `${BASE_URL}/elsewhere/stage/`)));
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
    expect(requests.map((request) => request.url)).toEqual([STAGE_URL, `${BASE_URL}/elsewhere/stage/`]);
  });

  test.each([301, 302])(
    'a %i after a POST goes on as a GET without the body or its content type, credentials kept on the origin',
    async (status) => {
      const { stages, requests } = fakeClient(thenStage(() => redirect(status, `${BASE_URL}/elsewhere/created/`)));
      expect(await stages.create(BODY)).toEqual(DOCUMENTED_EXAMPLE);
      expect(
        requests.map(({ method, url, headers, body }) => [
          method,
          url,
          headers['content-type'],
          headers.authorization,
          body,
        ]),
      ).toEqual([
        ['POST', CREATE_URL, 'application/json', `Bearer ${TOKEN}`, JSON.stringify(BODY)],
        ['GET', `${BASE_URL}/elsewhere/created/`, undefined, `Bearer ${TOKEN}`, undefined],
      ]);
    },
  );

  test.each([301, 302])('a %i after a PUT resends the PUT with its body', async (status) => {
    const { stages, requests } = fakeClient(thenStage(() => redirect(status, `${BASE_URL}/elsewhere/updated/`)));
    expect(await stages.update(STAGE_UUID, BODY)).toEqual(DOCUMENTED_EXAMPLE);
    expect(requests.map(({ method, url, headers, body }) => [method, url, headers['content-type'], body])).toEqual([
      ['PUT', STAGE_URL, 'application/json', JSON.stringify(BODY)],
      ['PUT', `${BASE_URL}/elsewhere/updated/`, 'application/json', JSON.stringify(BODY)],
    ]);
  });

  test.each([
    [
      'a scheme that only ends like http',
      'xhttp://127.0.0.1/stage/',
      'to a xhttp: URL: only http and https are followed',
    ],
    [
      'a URL with a user name and no password',
      'http://admin@127.0.0.1/stage/',
      'to a URL with a user name or password',
    ],
    [
      'a URL with a password and no user name',
      'http://:hunter2-password@127.0.0.1/stage/',
      'to a URL with a user name or password',
    ],
  ])('a redirect to %s is refused, and nothing more is requested', async (_, location, reason) => {
    const { stages, requests } = fakeClient(() => redirect(302, location));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { maxRetries: 0 }), APIConnectionError);
    expect(error.message).toBe(`Redirect not followed (${reason}): GET ${STAGE_URL}`);
    expect(requests).toHaveLength(1);
  });
});

describe('credentials never follow a redirect to another origin', () => {
  test('the Authorization header is not sent to another origin when the server redirects there', async () => {
    const elsewhere = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const api = await startServer((request, res) => {
      if (request.url.startsWith('/moved/')) return sendJson(res, 200, DOCUMENTED_EXAMPLE);
      const target = request.url.includes('/used_by/') ? `/moved${request.url}` : `${elsewhere.origin}${request.url}`;
      res.writeHead(request.method === 'GET' ? 302 : 307, { location: target });
      res.end();
    });
    const stages = createAuthentikClient({ baseUrl: api.url, token: SECRET }).passwordStages;
    await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, { name: 'x', backends: [] });
    await expect(stages.usedBy(STAGE_UUID)).rejects.toMatchObject({ name: 'ResponseValidationError' });
    expect(elsewhere.requests.map((request) => [request.method, request.headers.authorization])).toEqual([
      ['GET', undefined],
      ['PUT', undefined],
    ]);
    // The same-origin redirect keeps the token.
    expect(
      api.requests
        .filter((request) => request.url.startsWith('/moved/'))
        .map((request) => request.headers.authorization),
    ).toEqual([`Bearer ${SECRET}`]);
  });

  test('redirects are followed by the SDK itself, so an injected fetch is never handed the token for another origin', async () => {
    const elsewhere = await startServer((_, res) => sendJson(res, 200, DOCUMENTED_EXAMPLE));
    const api = await startServer((request, res) => {
      res.writeHead(301, { location: `${elsewhere.origin}${request.url}` });
      res.end();
    });
    const handed: Array<[string, string | undefined]> = [];
    const recording: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      handed.push([new URL(request.url).origin, request.headers.get('authorization') ?? undefined]);
      return fetch(request);
    };
    await createAuthentikClient({ baseUrl: api.url, token: SECRET, fetch: recording }).passwordStages.retrieve(
      STAGE_UUID,
    );
    expect(handed).toEqual([
      [api.origin, `Bearer ${SECRET}`],
      [elsewhere.origin, undefined],
    ]);
  });
});
