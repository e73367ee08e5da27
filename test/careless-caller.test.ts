import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  BadRequestError,
  createAuthentikClient,
  InvalidArgumentError,
  isAuthentikError,
  ResponseValidationError,
} from '../src/index.js';
import {
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  PAGE,
  refusedClientOptions,
  rejectionOf,
  STAGE_UUID,
  startServer,
  TOKEN,
} from './support/index.js';

describe('client options are checked when the client is created, each problem saying how to fix it', () => {
  test.each([
    [
      'a timeout setTimeout cannot hold',
      { timeoutMs: 2 ** 31 },
      'timeoutMs: must be a number of milliseconds from 0 (no deadline) to 2147483647',
    ],
    [
      'a NaN timeout',
      { timeoutMs: Number.NaN },
      'timeoutMs: must be a number of milliseconds from 0 (no deadline) to 2147483647',
    ],
    ['a NaN maxRetries', { maxRetries: Number.NaN }, 'maxRetries: must be an integer >= 0'],
    [
      'a token read from a file with its line break',
      { token: `${TOKEN}\n` },
      'token: ends with a line break: trim it (a token read from a file often does)',
    ],
    [
      'a token with its Bearer prefix',
      { token: `Bearer ${TOKEN}` },
      "token: starts with 'Bearer ': remove the prefix, the SDK adds it",
    ],
    [
      'a token as a Buffer',
      { token: Buffer.from(TOKEN) as never },
      'token: must be a non-empty string, or a function returning one',
    ],
    [
      'a token as a number',
      { token: 12345678 as never },
      'token: must be a non-empty string, or a function returning one',
    ],
    [
      'a token with a space after "bearer" inside it',
      { token: `my-bearer ${TOKEN}` },
      'token: contains whitespace or control characters',
    ],
    ['two tokens on two lines', { token: `${TOKEN}\n${TOKEN}\n` }, 'token: contains whitespace or control characters'],
    [
      'a token read from a Windows file with its CR LF',
      { token: `${TOKEN}\r\n` },
      'token: ends with a line break: trim it (a token read from a file often does)',
    ],
    [
      'a header value with a line break',
      { headers: { 'x-note': 'a\r\nx-injected: 1' } },
      'headers.x-note: must be a string without line breaks or NUL',
    ],
    ['a header name with a space', { headers: { 'x note': '1' } }, 'headers: "x note" is not a header name'],
    [
      'headers as a Headers object',
      { headers: new Headers({ 'x-a': '1' }) as never },
      'headers: must be a plain object of header names and values',
    ],
    ['a baseUrl ending in an empty query', { baseUrl: `${BASE_URL}?` }, 'baseUrl: must not have a query or fragment'],
    [
      'a baseUrl ending in an empty fragment',
      { baseUrl: `${BASE_URL}#` },
      'baseUrl: must not have a query or fragment',
    ],
    [
      'a misspelt option',
      { timeout: 300 } as never,
      'timeout: is not an option (known: baseUrl, token, fetch, headers, timeoutMs, maxRetries, validation)',
    ],
  ])('%s', (_, options, problem) => {
    expect(refusedClientOptions({ baseUrl: BASE_URL, token: TOKEN, ...options }).message).toBe(
      `Invalid client options: ${problem}`,
    );
  });

  test('a baseUrl with a user name and password is refused without quoting the password', () => {
    const error = refusedClientOptions({
      baseUrl: 'https://admin:hunter2-secret@authentik.example.com/api/v3',
      token: TOKEN,
    });
    expect(error.message).toBe(
      'Invalid client options: baseUrl: must not hold a user name or password (the token authenticates)',
    );
    expect(`${error.stack}${inspect(error, { showHidden: true })}${JSON.stringify(error)}`).not.toContain('hunter2');
  });

  test('a header value is never quoted, since headers carry secrets', () => {
    const error = refusedClientOptions({
      baseUrl: BASE_URL,
      token: TOKEN,
      headers: { cookie: 'sessionid=s3cr3t-cookie\n' },
    });
    expect(`${error.stack}${inspect(error, { showHidden: true })}`).not.toContain('s3cr3t');
  });
});

describe('call options are checked at every call that gives them, and nothing is sent when they are wrong', () => {
  test.each([
    [
      'a negative timeout',
      { timeoutMs: -1 },
      'timeoutMs: must be a number of milliseconds from 0 (no deadline) to 2147483647',
    ],
    ['a NaN maxRetries', { maxRetries: Number.NaN }, 'maxRetries: must be an integer >= 0'],
    [
      'the AbortController instead of its signal',
      { signal: new AbortController() },
      'signal: must be an AbortSignal (pass controller.signal, not the controller)',
    ],
    ['a misspelt option', { timeout: 5 }, 'timeout: is not an option (known: signal, timeoutMs, maxRetries)'],
    ['a string', 'fast', '(root): must be an object such as { timeoutMs: 5000 }'],
    ['a bare number of milliseconds', 5000, '(root): must be an object such as { timeoutMs: 5000 }'],
  ])('%s', async (_, options, problem) => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, options as never), InvalidArgumentError);
    expect(error.message).toBe(`Invalid call options: ${problem}`);
    expect(requests).toEqual([]);
  });
});

describe('arguments', () => {
  test.each([0, Number.NaN, -1])(
    'listAll({ page: %s }) rejects with InvalidArgumentError as list() does, sending nothing',
    async (page) => {
      const { stages, requests } = fakeClient(() => json(PAGE));
      const error = await rejectionOf(stages.listAll({ page }).next(), InvalidArgumentError);
      expect(error.message).toMatch(/^Invalid list query: page: /);
      expect(requests).toEqual([]);
    },
  );

  test('update with a bad uuid and a bad body names both', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.update('not-a-uuid', { name: 42 } as never), InvalidArgumentError);
    expect(error.message).toBe(
      'Invalid stageUuid and password stage: stageUuid: must be a UUID string, got "not-a-uuid"; name: expected string, got 42; backends: is required',
    );
    expect(requests).toEqual([]);
  });

  test('a call aborted before anything was sent names its URL', async () => {
    const { stages } = fakeClient();
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: AbortSignal.abort() }));
    expect((error as Error).message).toBe(`The call was aborted: GET ${BASE_URL}/stages/password/${STAGE_UUID}/`);
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

describe('redaction', () => {
  const TOKEN_LONG = 'ak-SECRET-7f3a9c1e2b4d8e6f';

  test('a parse message quoting the start of a body that echoes the token shows no piece of it', async () => {
    const { stages } = fakeClient(
      () => new Response(`${TOKEN_LONG} was your token`, { headers: { 'content-type': 'application/json' } }),
      { token: TOKEN_LONG },
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.message).toMatch(/body is not valid JSON \(.*\[redacted\]/);
    for (let at = 0; at + 8 <= TOKEN_LONG.length; at++)
      expect(`${error.message}${inspect(error)}`).not.toContain(TOKEN_LONG.slice(at, at + 8));
  });

  test('a binary answer is not kept on the error', async () => {
    const { stages } = fakeClient(
      () =>
        new Response(new TextEncoder().encode(TOKEN_LONG), { headers: { 'content-type': 'application/octet-stream' } }),
      { token: TOKEN_LONG },
    );
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), ResponseValidationError);
    expect(error.body).toBeUndefined();
    expect(error.problems).toEqual([
      { path: '', message: 'expected an application/json body, got content type "application/octet-stream"' },
    ]);
  });

  test('a token shorter than 8 characters does not turn ordinary text into [redacted]', async () => {
    const { stages } = fakeClient(() => json({ detail: 'a message about a stage' }, 404), { token: 'a' });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID));
    expect(isAuthentikError(error) && error.message).toContain('(a message about a stage)');
  });
});
