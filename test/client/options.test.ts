// The options of createAuthentikClient and of each call: every wrong value refused with how to fix it, nothing sent,
// AUTHENTIK_URL and AUTHENTIK_TOKEN as defaults (also where there is no process.env), and the header options as sent.
import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createAuthentikClient, InvalidArgumentError, TokenProviderError } from '../../src/index.js';
import {
  BASE_URL,
  fakeClient,
  fakeFetch,
  refusedClientOptions,
  rejectionOf,
  STAGE_URL,
  STAGE_UUID,
  TOKEN,
} from '../support/index.js';

/**
 * Runs `create` with globalThis.process replaced by `process`, as in a browser (none) or under a polyfill (one without
 * env).
 */
function withProcess<T>(process: unknown, create: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: process, configurable: true, writable: true });
  try {
    return create();
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('client options that are not an object', () => {
  test.each([
    ['null', null],
    ['the API root as a bare string', BASE_URL],
  ])('%s is refused with one problem at the root', (_, options) => {
    const error = refusedClientOptions(options);
    expect(error.message).toBe('Invalid client options: (root): must be an object such as { baseUrl, token }');
    expect(error.problems).toEqual([{ path: '', message: 'must be an object such as { baseUrl, token }' }]);
  });
});

describe('AUTHENTIK_URL and AUTHENTIK_TOKEN stand in for baseUrl and token', () => {
  test('a client with neither option is configured from the environment', async () => {
    vi.stubEnv('AUTHENTIK_URL', BASE_URL);
    vi.stubEnv('AUTHENTIK_TOKEN', TOKEN);
    const { fetch, requests } = fakeFetch();
    await createAuthentikClient({ fetch }).passwordStages.retrieve(STAGE_UUID);
    expect(requests.map(({ url, headers }) => [url, headers.authorization])).toEqual([[STAGE_URL, `Bearer ${TOKEN}`]]);
  });

  test('with neither the options nor the environment, both are named as required, with the variable to set', () => {
    vi.stubEnv('AUTHENTIK_URL', undefined);
    vi.stubEnv('AUTHENTIK_TOKEN', undefined);
    const error = refusedClientOptions({});
    expect(error.message).toBe(
      'Invalid client options: baseUrl: is required (or set AUTHENTIK_URL); token: is required (or set AUTHENTIK_TOKEN)',
    );
    expect(error.problems).toEqual([
      { path: 'baseUrl', message: 'is required (or set AUTHENTIK_URL)' },
      { path: 'token', message: 'is required (or set AUTHENTIK_TOKEN)' },
    ]);
  });

  test.each([
    ['no process at all (a browser)', undefined],
    ['a polyfilled process without env', { browser: true }],
  ])('where there is %s, a missing baseUrl is reported, not a TypeError', (_, process) => {
    const error = withProcess(process, () => refusedClientOptions({ token: TOKEN }));
    expect(error.message).toBe('Invalid client options: baseUrl: is required (or set AUTHENTIK_URL)');
  });

  test('where there is no process, a client with its options given works', async () => {
    const { fetch, requests } = fakeFetch();
    const authentik = withProcess(undefined, () => createAuthentikClient({ baseUrl: BASE_URL, token: TOKEN, fetch }));
    await authentik.passwordStages.retrieve(STAGE_UUID);
    expect(requests.map(({ url }) => url)).toEqual([STAGE_URL]);
  });
});

describe('each wrong client option is refused with how to fix it', () => {
  test.each([
    [
      'a baseUrl that is no URL',
      { baseUrl: 'authentik.example.com' },
      'baseUrl: is not a URL (expected the API root, e.g. https://authentik.example.com/api/v3)',
    ],
    ['an ftp baseUrl', { baseUrl: 'ftp://authentik.example.com/api/v3' }, 'baseUrl: must be an http(s) URL'],
    [
      'a baseUrl with a user name only',
      { baseUrl: 'https://admin@authentik.example.com/api/v3' },
      'baseUrl: must not hold a user name or password (the token authenticates)',
    ],
    [
      'a baseUrl with a password only',
      { baseUrl: 'https://:hunter2@authentik.example.com/api/v3' },
      'baseUrl: must not hold a user name or password (the token authenticates)',
    ],
    ['an empty token', { token: '' }, 'token: is required (or set AUTHENTIK_TOKEN)'],
    ['an unknown validation mode', { validation: 'lenient' }, "validation: must be 'tolerant', 'strict' or 'off'"],
    ['a fetch that is not a function', { fetch: 'https' }, 'fetch: must be a function (no global fetch here)'],
    ['a negative maxRetries', { maxRetries: -1 }, 'maxRetries: must be an integer >= 0'],
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
    ['a file: baseUrl', { baseUrl: 'file:///etc/passwd' }, 'baseUrl: must be an http(s) URL'],
    ['a baseUrl with a query', { baseUrl: `${BASE_URL}?x=1` }, 'baseUrl: must not have a query or fragment'],
    [
      'a negative timeout',
      { timeoutMs: -1 },
      'timeoutMs: must be a number of milliseconds from 0 (no deadline) to 2147483647',
    ],
    ['a fractional maxRetries', { maxRetries: 1.5 }, 'maxRetries: must be an integer >= 0'],
  ])('%s is refused with InvalidArgumentError saying how to fix it', (_, options, problem) => {
    const error = refusedClientOptions({ baseUrl: BASE_URL, token: TOKEN, ...options });
    expect(error.message).toBe(`Invalid client options: ${problem}`);
  });

  test.each([
    ['a passphrase', 'correct horse battery staple'],
    ['a leading space', ' leading-space'],
  ])('a token with spaces (%s) is refused as containing whitespace, given or returned', async (_, token) => {
    expect(refusedClientOptions({ baseUrl: BASE_URL, token }).message).toBe(
      'Invalid client options: token: contains whitespace or control characters',
    );
    const { stages, requests } = fakeClient(undefined, { token: () => token });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), TokenProviderError);
    expect(error.message).toBe(
      'The token the provider returned contains whitespace or control characters; no request was sent',
    );
    expect(requests).toEqual([]);
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

describe('the longest deadline setTimeout can hold is accepted', () => {
  test('as a client option and as a call option', async () => {
    const { stages, requests } = fakeClient(undefined, { timeoutMs: 2 ** 31 - 1 });
    await stages.retrieve(STAGE_UUID, { timeoutMs: 2 ** 31 - 1 });
    expect(requests.map(({ url }) => url)).toEqual([STAGE_URL]);
  });
});

describe('call options are checked at every call that gives them, and nothing is sent when they are wrong', () => {
  test.each([
    ['a negative maxRetries', { maxRetries: -1 }, 'maxRetries: must be an integer >= 0'],
    ['a null signal', { signal: null }, 'signal: must be an AbortSignal (pass controller.signal, not the controller)'],
    [
      'an EventTarget that is not an AbortSignal',
      { signal: new EventTarget() },
      'signal: must be an AbortSignal (pass controller.signal, not the controller)',
    ],
    [
      'a plain object with only an aborted flag',
      { signal: { aborted: false } },
      'signal: must be an AbortSignal (pass controller.signal, not the controller)',
    ],
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

describe('header and baseUrl options as sent', () => {
  test('an Authorization header option never replaces a token provider’s token, and is not kept on the generated client', async () => {
    const { stages, requests, authentik } = fakeClient(undefined, {
      token: () => TOKEN,
      headers: { Authorization: 'Basic YWRtaW46aHVudGVyMg==', 'X-Team': 'iam' },
    });
    await stages.retrieve(STAGE_UUID);
    expect(requests[0]!.headers).toEqual({
      accept: 'application/json',
      authorization: `Bearer ${TOKEN}`,
      'x-team': 'iam',
    });
    // Whoever reuses the exposed client (its config, the generated operations) must not find the caller's credential
    // there.
    expect(Object.fromEntries(authentik.client.getConfig().headers as Headers)).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-team': 'iam',
    });
  });

  test('headers parsed from JSON with a "__proto__" key send exactly the other headers', async () => {
    const headers = JSON.parse('{"__proto__": "x", "X-Team": "iam"}') as Record<string, string>;
    const { stages, requests } = fakeClient(undefined, { headers });
    await stages.retrieve(STAGE_UUID);
    expect(requests[0]!.headers).toEqual({
      accept: 'application/json',
      authorization: `Bearer ${TOKEN}`,
      'x-team': 'iam',
    });
  });

  test('a baseUrl ending in several slashes is the same API root', async () => {
    const { stages, requests } = fakeClient(undefined, { baseUrl: `${BASE_URL}///` });
    await stages.retrieve(STAGE_UUID);
    expect(requests.map(({ url }) => url)).toEqual([STAGE_URL]);
  });
});
