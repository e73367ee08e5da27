// A server that answers badly or not at all: HTML error pages, malformed, empty or non-JSON 2xx bodies, bodies cut
// off, refused connections, DRF ValidationError bodies; each ends in its typed error, saying what failed.
import { Buffer } from 'node:buffer';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthentikError,
  BadRequestError,
  createAuthentikClient,
  InternalServerError,
  ResponseValidationError,
  type ClientOptions,
} from '../../src/index.js';
import {
  BASE_URL,
  closedPortUrl,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  rejectionOf,
  sendJson,
  STAGE_URL,
  STAGE_UUID,
  startServer,
  TOKEN,
} from '../support/index.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const consoleCalls = vi.fn();

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation(consoleCalls);
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
  expect(unhandled, 'unhandled rejections').toEqual([]);
  expect(consoleCalls, 'the SDK logs nothing').not.toHaveBeenCalled();
});

function stagesAt(baseUrl: string, options: ClientOptions = {}) {
  return createAuthentikClient({ baseUrl, token: TOKEN, timeoutMs: 5_000, ...options }).passwordStages;
}
const failure = (promise: Promise<unknown>) => rejectionOf(promise, AuthentikError);
const client = (baseUrl: string, options: ClientOptions = {}) =>
  createAuthentikClient({ baseUrl, token: TOKEN, ...options });

afterEach(() => {
  vi.restoreAllMocks();
});
const STAGE_TEXT = JSON.stringify(DOCUMENTED_EXAMPLE);

/** A 200 answer holding `body` with these headers, and nothing added by the Response constructor. */
const answer = (body: string | null, headers: Record<string, string>) =>
  new Response(body === null ? null : new TextEncoder().encode(body), { headers });

describe('a server that answers badly', () => {
  test('502 with an HTML page rejects with InternalServerError holding the page text, after the retries', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'retry-after': '0' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const error = await failure(stagesAt(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      attempts: 3,
      method: 'GET',
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(error.message).toContain(
      `Request failed with status 502 after 3 attempts: GET ${server.url}/stages/password/${STAGE_UUID}/`,
    );
    expect(server.requests).toHaveLength(3);
  });

  test('200 with malformed JSON rejects with ResponseValidationError and is not retried', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"pk": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": ');
    });
    const error = await failure(stagesAt(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/body is not valid JSON/);
    expect(server.requests).toHaveLength(1);
  });

  test('200 with an empty body rejects with ResponseValidationError', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const error = await failure(stagesAt(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).problems).toEqual([
      { path: '', message: 'expected a JSON body, got an empty body' },
    ]);
  });

  test('200 with a non-JSON content type rejects with ResponseValidationError naming the type', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(JSON.stringify(DOCUMENTED_EXAMPLE));
    });
    const error = await failure(stagesAt(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('got content type "text/html; charset=utf-8"');
  });

  test('a body cut off mid-stream rejects with APIConnectionError once the retries are used up', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"pk": "3fa85f64-5717');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await failure(stagesAt(server.url, { maxRetries: 1 }).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ attempts: 2, method: 'GET' });
    expect(server.requests).toHaveLength(2);
  });

  test('a refused connection rejects with APIConnectionError naming the cause, after the retries', async () => {
    const url = await closedPortUrl();
    const error = await failure(stagesAt(url, { maxRetries: 1 }).list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(
      /^Connection failed \(ECONNREFUSED\) after 2 attempts: GET http:\/\/127\.0\.0\.1:\d+\/stages\/password\/$/,
    );
  });

  test('500 every time rejects with InternalServerError without retrying, since 500 is not a transient status', async () => {
    const server = await startServer((_, res) => sendJson(res, 500, { detail: 'boom' }));
    const error = await failure(stagesAt(server.url).retrieve(STAGE_UUID));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, attempts: 1, body: { detail: 'boom' } });
    expect(error.message).toBe(
      `Request failed with status 500: GET ${server.url}/stages/password/${STAGE_UUID}/ (boom)`,
    );
  });
});

describe('a 2xx body too deep to parse', () => {
  test('a 2xx body nested too deeply to parse rejects with ResponseValidationError, once', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    });
    const error = await rejectionOf(client(server.url).passwordStages.retrieve(STAGE_UUID), ResponseValidationError);
    // Whether the engine's JSON.parse gives up on the depth (RangeError) or parses it, the answer is reported, not
    // retried.
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.message).toMatch(
      /^(body is not valid JSON \(nested too deeply to parse\)|expected object, got an array too deep or circular to show)$/,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('connection failures say what failed', () => {
  test('a fetch that rejects with a plain Error: its message, and the error as the cause', async () => {
    const failure = new Error('socket hang up');
    const { stages } = fakeClient(undefined, { fetch: async () => Promise.reject(failure), maxRetries: 0 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionError);
    expect(error.message).toBe(`Connection failed (socket hang up): GET ${STAGE_URL}`);
    expect(error.cause).toBe(failure);
  });

  test('an answer whose body breaks off is a connection failure that names why and keeps it as the cause', async () => {
    const reset = new Error('connection reset');
    const body = new ReadableStream({ pull: (controller) => controller.error(reset) });
    const { stages } = fakeClient(() => new Response(body, { headers: { 'content-type': 'application/json' } }), {
      maxRetries: 0,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionError);
    expect(error.message).toBe(`Connection failed (connection reset): GET ${STAGE_URL}`);
    expect(error.cause).toBe(reset);
  });

  test('a fetch that rejects with null still fails the call with APIConnectionError', async () => {
    const { stages } = fakeClient(undefined, { fetch: async () => Promise.reject(null), maxRetries: 0 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionError);
    expect(error.message).toBe(`Connection failed (null): GET ${STAGE_URL}`);
    expect(error.cause).toBeNull();
  });
});

describe('a 2xx body that is not JSON', () => {
  const notJson = '{"pk": ';

  test("is a ResponseValidationError at the root, quoting the parser's reason", async () => {
    let reason = '';
    try {
      JSON.parse(notJson);
    } catch (error) {
      reason = (error as Error).message;
    }
    const { stages } = fakeClient(() => new Response(notJson, { headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([{ path: '', message: `body is not valid JSON (${reason})` }]);
  });

  // Engines differ: V8 parses any depth, others overflow their stack with a RangeError.
  test('on an engine whose JSON.parse gives up on deep nesting, says it was nested too deeply', async () => {
    const deep = `${'['.repeat(50)}${']'.repeat(50)}`;
    const parse = JSON.parse;
    vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver) => {
      if (text === deep) throw new RangeError('Maximum call stack size exceeded');
      return parse(text, reviver);
    });
    const { stages } = fakeClient(() => new Response(deep, { headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([{ path: '', message: 'body is not valid JSON (nested too deeply to parse)' }]);
  });

  test('a JSON parser that throws something other than an Error still ends in a ResponseValidationError', async () => {
    const odd = '[1, 2';
    const parse = JSON.parse;
    vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver) => {
      if (text === odd) throw null; // what a parser polyfill might throw
      return parse(text, reviver);
    });
    const { stages } = fakeClient(() => new Response(odd, { headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([{ path: '', message: 'body is not valid JSON (undefined)' }]);
  });
});

describe('a 2xx answer is read only as a JSON body', () => {
  test('an answer without a content type is refused, saying so, and its bytes are not kept', async () => {
    const { stages } = fakeClient(() => answer(STAGE_TEXT, {}));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([
      { path: '', message: 'expected an application/json body, got content type "none"' },
    ]);
    expect(error.message).toBe(
      `Response breaks the API contract (status 200): GET ${STAGE_URL}: (root): expected an application/json body, got content type "none"`,
    );
    expect(error.body).toBeUndefined();
  });

  test.each(['tolerant', 'off'] as const)(
    "with validation '%s', a 200 with Content-Length: 0 is refused as an empty body",
    async (validation) => {
      const { stages } = fakeClient(() => answer(null, { 'content-type': 'application/json', 'content-length': '0' }), {
        validation,
      });
      const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
      expect([error.status, error.problems, error.body]).toEqual([
        200,
        [{ path: '', message: 'expected a JSON body, got an empty body' }],
        undefined,
      ]);
    },
  );

  test.each([
    'application/json',
    'APPLICATION/JSON',
    'application/json; charset=utf-8',
    'application/json ; charset=utf-8',
    'application/vnd.authentik+json',
    'application/problem+json; charset=utf-8',
  ])('a stage answered as %s is read', async (type) => {
    const { stages } = fakeClient(() => answer(STAGE_TEXT, { 'content-type': type }));
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  });

  // A textual answer is kept on the error (redacted), to show what the server or a proxy said instead.
  test.each([
    ['text/html', '<html><body>Sign in</body></html>', '<html><body>Sign in</body></html>'],
    ['text/plain', 'maintenance', 'maintenance'],
    ['application/xml', '<stage/>', '<stage/>'],
    ['application/xml ; charset=utf-8', '<stage/>', '<stage/>'],
    ['application/atom+xml', '<feed/>', '<feed/>'],
    ['text/plain; x=application/json', STAGE_TEXT, STAGE_TEXT],
    ['application/jsonx', STAGE_TEXT, undefined],
    ['application/xmlx', '<stage/>', undefined],
    ['application/octet-stream; name=text/plain', 'bytes that look like text', undefined],
  ])('a 2xx answer of type %s is refused, its text kept only when the type is textual', async (type, body, kept) => {
    const { stages } = fakeClient(() => answer(body, { 'content-type': type }));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([
      { path: '', message: `expected an application/json body, got content type ${JSON.stringify(type)}` },
    ]);
    expect(error.body).toBe(kept);
  });
});

describe('a 400 with a DRF ValidationError body', () => {
  test('a field whose errors are null has no field error and adds nothing to the message', async () => {
    const body = { name: null, backends: ['This field is required.'] };
    const { stages } = fakeClient(() => json(body, 400));
    const error = await rejectionOf(stages.create({ name: 'x', backends: [] }), BadRequestError);
    expect(error.message).toBe(
      `Request failed with status 400: POST ${BASE_URL}/stages/password/ (backends: This field is required.)`,
    );
    expect(error.fieldErrors).toEqual({ backends: ['This field is required.'] });
    expect(error.nonFieldErrors).toEqual([]);
  });

  test('a BadRequestError built by hand with a field left undefined has no error for that field', () => {
    const request = { method: 'POST', url: `${BASE_URL}/stages/password/`, attempts: 1 };
    const error = new BadRequestError(
      400,
      new Headers(),
      { name: undefined, backends: ['This field is required.'] },
      request,
    );
    expect(error.fieldErrors).toEqual({ backends: ['This field is required.'] });
    expect(error.message).toBe(
      `Request failed with status 400: POST ${BASE_URL}/stages/password/ (backends: This field is required.)`,
    );
  });
});

describe('answers at the edges', () => {
  test("Django REST framework's per-item list errors are reported per item", async () => {
    const body = {
      backends: { 1: ['"authentik.sources.kerberos.auth.KerberosBackend" is not a valid choice.'] },
      name: ['This field is required.'],
    };
    const { stages } = fakeClient(() => json(body, 400));
    const error = await rejectionOf(stages.create({ name: 'x', backends: [] }), BadRequestError);
    expect(error.fieldErrors).toEqual({
      'backends[1]': ['"authentik.sources.kerberos.auth.KerberosBackend" is not a valid choice.'],
      name: ['This field is required.'],
    });
    expect(error.message).toContain(
      '(backends[1]: "authentik.sources.kerberos.auth.KerberosBackend" is not a valid choice.; name: This field is required.)',
    );
  });

  test('withResponse gives the URL of a chunked answer', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(DOCUMENTED_EXAMPLE));
    });
    const { response } = await createAuthentikClient({
      baseUrl: server.url,
      token: TOKEN,
    }).passwordStages.withResponse.retrieve(STAGE_UUID);
    expect(response.url).toBe(`${server.url}/stages/password/${STAGE_UUID}/`);
  });

  test("with validation 'off', an empty gzip body that has a Content-Length is still an empty body", async () => {
    const { gzipSync } = await import('node:zlib');
    const empty = gzipSync(Buffer.alloc(0));
    const server = await startServer((_, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(empty.length),
      });
      res.end(empty);
    });
    const stages = createAuthentikClient({ baseUrl: server.url, token: TOKEN, validation: 'off' }).passwordStages;
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.problems).toEqual([{ path: '', message: 'expected a JSON body, got an empty body' }]);
  });
});
