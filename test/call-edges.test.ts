// The edges of one call that the other files leave open: redirects a fake fetch stages (opaque, bodiless, without a
// Location, 301/302 after a POST or a PUT, odd schemes), the signal fetch is given, nothing sent once a call is over,
// the token's redaction when the header was taken off or is echoed, a Retry-After that ends exactly at the deadline,
// and no timer or listener left behind; an interceptor's own error passed on as it is.
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  createAuthentikClient,
  NotFoundError,
  TokenProviderError,
  type ClientOptions,
} from '../src/index.js';
import {
  abortListeners,
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  STAGE_URL,
  STAGE_UUID,
  TOKEN,
  type RecordedRequest,
} from './support/index.js';

const CREATE_URL = `${BASE_URL}/stages/password/`;
const BODY = { name: 'y', backends: [] };
const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });
/** Answers `first` on the API's own paths, and the stage where the redirects lead (under `BASE_URL/elsewhere/`). */
const thenStage = (first: () => Response) => (request: RecordedRequest) =>
  request.url.startsWith(`${BASE_URL}/elsewhere`) ? json(DOCUMENTED_EXAMPLE) : first();

afterEach(() => {
  vi.useRealTimers();
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

describe('the signal fetch is given', () => {
  const signalsSeen = async (options: ClientOptions) => {
    const inits: Array<RequestInit | undefined> = [];
    const fetch = async (_: Request, init?: RequestInit) => (inits.push(init), json(DOCUMENTED_EXAMPLE));
    await createAuthentikClient({
      baseUrl: BASE_URL,
      token: TOKEN,
      fetch: fetch as typeof globalThis.fetch,
      ...options,
    }).passwordStages.retrieve(STAGE_UUID);
    return inits;
  };

  test('without a deadline or a signal of the caller nothing can abort a request, and fetch is given no signal', async () => {
    expect(await signalsSeen({ timeoutMs: 0 })).toEqual([undefined]);
  });

  test('with a deadline, fetch is given a signal that is not aborted', async () => {
    const [init] = await signalsSeen({ timeoutMs: 5_000 });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(init?.signal?.aborted).toBe(false);
  });
});

describe('nothing is sent once a call is over', () => {
  test('a call given a signal that is already aborted rejects and sends nothing, even through a fetch that ignores signals', async () => {
    const { stages, requests } = fakeClient();
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
    // The generated operation goes on building its request after the call rejected: it must not reach fetch.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });

  test('a token provider that answers after the deadline gets no request sent with its token', async () => {
    let answer: (token: string) => void = () => {};
    const { stages, requests } = fakeClient(undefined, {
      token: () => new Promise<string>((resolve) => (answer = resolve)),
      timeoutMs: 20,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), TokenProviderError);
    expect(error.message).toBe('The token provider did not answer within 20 ms; no request was sent');
    answer(TOKEN);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
  });
});

describe('the token in errors', () => {
  test('a server that echoes the Authorization header has only the token redacted: the scheme it came with stays readable', async () => {
    const { stages } = fakeClient((request) => json({ detail: `not accepted: ${request.headers.authorization}` }, 401));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), AuthenticationError);
    expect(error.body).toEqual({ detail: 'not accepted: Bearer [redacted]' });
  });

  test('a request interceptor that takes the Authorization header off still gets the typed error of the answer', async () => {
    const { authentik, requests } = fakeClient(() =>
      json({ detail: 'No PasswordStage matches the given query.' }, 404),
    );
    authentik.client.interceptors.request.use((request) => (request.headers.delete('authorization'), request));
    const error = await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ detail: 'No PasswordStage matches the given query.' });
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('a request interceptor that misbehaves ends the call with its own error', () => {
  test('a request interceptor that throws undefined rejects the call with undefined, once, without a retry', async () => {
    const { authentik, requests } = fakeClient();
    let runs = 0;
    authentik.client.interceptors.request.use(() => {
      runs++;
      throw undefined; // a caller's code may throw anything, and it is not a network failure
    });
    expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBeUndefined();
    expect({ runs, requests }).toEqual({ runs: 1, requests: [] });
  });

  test('a request interceptor that forgets to return the request rejects the call with the TypeError that caused, once, without a retry', async () => {
    const { authentik, requests } = fakeClient();
    let runs = 0;
    let seen: unknown;
    authentik.client.interceptors.request.use(
      ((request: Request) => void (runs++, request.headers.set('x-trace', '1'))) as never,
    );
    authentik.client.interceptors.error.use((error) => (seen = error)); // the client's error hooks see it first
    const error = await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID), TypeError);
    expect(error).toBe(seen);
    expect({ runs, requests }).toEqual({ runs: 1, requests: [] });
  });

  test('an error interceptor that throws its own error on a connection failure ends the call with it, once, without a retry', async () => {
    const own = new Error('offline: try again later');
    let sent = 0;
    const { authentik } = fakeClient(undefined, {
      fetch: async () => (sent++, Promise.reject(new TypeError('fetch failed'))),
    });
    authentik.client.interceptors.error.use(() => {
      throw own;
    });
    expect(await rejectionOf(authentik.passwordStages.retrieve(STAGE_UUID))).toBe(own);
    expect(sent).toBe(1);
  });
});

describe('waits and what a call leaves behind', () => {
  test('a Retry-After that ends exactly at the deadline is waited for, and the call ends as a timeout at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { stages, requests } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '1' }));
    let settled: unknown;
    stages.retrieve(STAGE_UUID, { timeoutMs: 1_000 }).catch((error: unknown) => (settled = error));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled, 'gave up on a wait that fits before the deadline').toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeInstanceOf(APIConnectionTimeoutError);
    expect(requests).toHaveLength(1);
  });

  test('a Retry-After wait cut short by the caller leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    const { stages } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '30' }));
    const call = rejectionOf(
      stages.retrieve(STAGE_UUID, { signal: controller.signal, timeoutMs: 0 }),
      APIUserAbortError,
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount(), 'the Retry-After wait').toBe(1);
    controller.abort();
    await call;
    expect(vi.getTimerCount()).toBe(0);
  });

  test("the caller's signal is let go the moment it fires, before the call has even settled", async () => {
    const controller = new AbortController();
    const { stages } = fakeClient(() => json({ detail: 'busy' }, 503, { 'retry-after': '30' }));
    const call = rejectionOf(
      stages.retrieve(STAGE_UUID, { signal: controller.signal, timeoutMs: 0 }),
      APIUserAbortError,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort();
    expect(abortListeners(controller.signal)).toBe(0);
    await call;
  });
});
