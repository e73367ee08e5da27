import { runInNewContext } from 'node:vm';
import { describe, expect, test, vi } from 'vitest';
import * as sdk from '../../src/index.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  AuthentikError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  InvalidArgumentError,
  isAuthentikError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TokenProviderError,
} from '../../src/index.js';
import { parseRetryAfter } from '../../src/errors.js';
import { BASE_URL, fakeClient, json, rejectionOf, STAGE_UUID } from '../support/index.js';

const CLASSES = {
  AuthentikError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  ResponseValidationError,
  InvalidArgumentError,
  TokenProviderError,
};

const CALL = { method: 'GET', url: `${BASE_URL}/stages/password/${STAGE_UUID}/`, attempts: 1 };
const PROBLEMS = [{ path: 'name', message: 'is required (string)' }];
/** Arguments that make an instance of each class, as the SDK makes them. */
const ARGUMENTS: Record<keyof typeof CLASSES, unknown[]> = {
  AuthentikError: ['The token contains whitespace or control characters; no request was sent'],
  APIError: [418, new Headers(), { detail: 'teapot' }, CALL],
  BadRequestError: [400, new Headers(), { name: ['This field may not be blank.'] }, CALL],
  AuthenticationError: [403, new Headers(), { detail: 'Token invalid/expired' }, CALL],
  PermissionDeniedError: [403, new Headers(), { detail: 'You do not have permission.' }, CALL],
  NotFoundError: [404, new Headers(), { detail: 'No PasswordStage matches the given query.' }, CALL],
  ConflictError: [409, new Headers(), { detail: 'conflict' }, CALL],
  RateLimitError: [429, new Headers({ 'retry-after': '3' }), { detail: 'slow down' }, CALL],
  InternalServerError: [500, new Headers(), { detail: 'boom' }, CALL],
  APIConnectionError: ['Connection failed (ECONNREFUSED)', CALL],
  APIConnectionTimeoutError: ['Timed out after 300 ms', CALL],
  APIUserAbortError: [`The call was aborted: GET ${CALL.url}`],
  ResponseValidationError: [PROBLEMS, 200, {}, CALL],
  InvalidArgumentError: ['password stage', PROBLEMS],
  TokenProviderError: ['The token provider failed; no request was sent'],
};
const construct = (name: keyof typeof CLASSES) =>
  new (CLASSES[name] as unknown as new (...args: unknown[]) => AuthentikError)(...ARGUMENTS[name]);

function errorForStatus(
  status: number,
  body: unknown = { detail: `status ${status}` },
  headers: Record<string, string> = {},
) {
  const { stages } = fakeClient(() => json(body, status, headers), { maxRetries: 0 });
  return rejectionOf(stages.retrieve(STAGE_UUID), APIError);
}

describe('error classes', () => {
  test.each(Object.keys(CLASSES) as (keyof typeof CLASSES)[])(
    'a constructed %s is an AuthentikError and an Error whose name is its class name',
    (name) => {
      const error = construct(name);
      expect(error).toBeInstanceOf(CLASSES[name]);
      expect(error).toBeInstanceOf(AuthentikError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: ${error.message}`);
      expect(CLASSES[name].kind).toBe(name);
    },
  );

  test.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ] as const)('a %i answer rejects with %O carrying status, body, headers, method and URL', async (status, Class) => {
    const error = await errorForStatus(status, { detail: 'why' }, { 'x-request-id': 'r-1' });
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error.name).toBe(Class.kind);
    expect(error).toMatchObject({
      status,
      body: { detail: 'why' },
      method: 'GET',
      url: `${BASE_URL}/stages/password/${STAGE_UUID}/`,
      attempts: 1,
    });
    expect(error.headers.get('x-request-id')).toBe('r-1');
    expect(error.message).toBe(
      `Request failed with status ${status}: GET ${BASE_URL}/stages/password/${STAGE_UUID}/ (why)`,
    );
    expect(error.stack).toContain(Class.kind);
  });

  test("BadRequestError exposes authentik's ValidationError as nonFieldErrors and per-field messages", async () => {
    const error = (await errorForStatus(400, {
      non_field_errors: ['Stage is in use.'],
      name: ['This field may not be blank.'],
      backends: ['"x" is not a valid choice.'],
      code: 'invalid',
    })) as BadRequestError;
    expect(error.nonFieldErrors).toEqual(['Stage is in use.']);
    expect(error.fieldErrors).toEqual({
      name: ['This field may not be blank.'],
      backends: ['"x" is not a valid choice.'],
    });
    expect(error.message).toContain(
      '((root): Stage is in use.; name: This field may not be blank.; backends: "x" is not a valid choice.)',
    );
  });

  // authentik's TokenAuthentication sends no WWW-Authenticate header, so Django REST framework answers a token
  // problem with 403, not 401. These are the bodies a real authentik sends.
  test.each([
    ['a wrong or expired token', { detail: 'Token invalid/expired' }],
    ['no token at all', { detail: 'Authentication credentials were not provided.' }],
    ['another scheme than Bearer', { detail: 'Unsupported authentication type' }],
    ['a malformed Authorization header', { detail: 'Malformed header' }],
    ['a Basic header with wrong credentials', { detail: 'Incorrect authentication credentials.' }],
    ['a body that carries the not_authenticated code', { detail: 'Nicht angemeldet.', code: 'not_authenticated' }],
    [
      'a body that carries the authentication_failed code',
      { detail: 'Anmeldung fehlgeschlagen.', code: 'authentication_failed' },
    ],
  ])('a 403 for %s rejects with AuthenticationError, keeping status 403', async (_, body) => {
    const error = await errorForStatus(403, body);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).not.toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, body });
  });

  test.each([
    { detail: 'You do not have permission to perform this action.' },
    { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
    'Forbidden',
    undefined,
    null,
  ])('a 403 whose body %j is about permissions stays PermissionDeniedError', async (body) => {
    const { stages } = fakeClient(() =>
      typeof body === 'object' ? json(body, 403) : new Response(body ?? null, { status: 403 }),
    );
    await expect(stages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  test('PermissionDeniedError exposes the detail and RateLimitError the Retry-After seconds', async () => {
    expect(
      ((await errorForStatus(403, { detail: 'You do not have permission.' })) as PermissionDeniedError).detail,
    ).toBe('You do not have permission.');
    expect(((await errorForStatus(429, {}, { 'retry-after': '7' })) as RateLimitError).retryAfter).toBe(7);
    expect(((await errorForStatus(429, {})) as RateLimitError).retryAfter).toBeUndefined();
  });

  test('a long non-JSON error body is kept whole on the error but shortened in the message', async () => {
    const page = `<html>${'x'.repeat(500)}</html>`;
    const { stages } = fakeClient(() => new Response(page, { status: 502, headers: { 'content-type': 'text/html' } }), {
      maxRetries: 0,
    });
    const error = await rejectionOf(stages.list(), InternalServerError);
    expect(error.body).toBe(page);
    expect(error.message.length).toBeLessThan(320);
  });

  test('a text error body of up to 200 characters is quoted whole in the message; a longer one is cut at 200 with an ellipsis', async () => {
    const messageFor = async (text: string) => {
      const { stages } = fakeClient(
        () => new Response(text, { status: 502, headers: { 'content-type': 'text/plain' } }),
        { maxRetries: 0 },
      );
      return (await rejectionOf(stages.list(), InternalServerError)).message;
    };
    const exact = 'a'.repeat(199) + 'b';
    expect(await messageFor(exact)).toBe(`Request failed with status 502: GET ${BASE_URL}/stages/password/ (${exact})`);
    expect(await messageFor(`${exact}c`)).toBe(
      `Request failed with status 502: GET ${BASE_URL}/stages/password/ (${exact}…)`,
    );
  });
});

describe("what authentik's error bodies become", () => {
  test('a status that is not 403 stays its own class even when its body speaks of authentication', async () => {
    expect(
      await errorForStatus(400, { detail: 'Token invalid/expired', code: 'authentication_failed' }),
    ).toBeInstanceOf(BadRequestError);
    expect(await errorForStatus(404, { detail: 'Token invalid/expired' })).toBeInstanceOf(NotFoundError);
  });

  test('an answer without a reason gives a message that ends with the request, and detail is only ever a string', async () => {
    const url = `${BASE_URL}/stages/password/${STAGE_UUID}/`;
    const empty = await errorForStatus(404, {});
    expect(empty.message).toBe(`Request failed with status 404: GET ${url}`);
    expect(empty.detail).toBeUndefined();
    const numeric = await errorForStatus(409, { detail: 5 });
    expect(numeric.detail).toBeUndefined();
    const list = await errorForStatus(400, ['Stage is in use.']);
    expect(list.message).toBe(`Request failed with status 400: GET ${url}`);
    expect(list).toMatchObject({ nonFieldErrors: [], fieldErrors: {} });
  });

  test('a 400 that is not JSON has no field errors, and its text is the message', async () => {
    const { stages } = fakeClient(
      () => new Response('Bad Request', { status: 400, headers: { 'content-type': 'text/plain' } }),
    );
    const error = await rejectionOf(stages.create({ name: 'x', backends: [] }), BadRequestError);
    expect(error).toMatchObject({ nonFieldErrors: [], fieldErrors: {}, body: 'Bad Request' });
    expect(error.message).toBe(`Request failed with status 400: POST ${BASE_URL}/stages/password/ (Bad Request)`);
  });

  test('nested field errors are named by path: list items by index, objects by key, empty entries left out', async () => {
    const error = (await errorForStatus(400, {
      flow_set: [{ name: ['Too long.'] }, { slug: ['Taken.'] }],
      name: ['Required.', 'Too short.'],
      backends: { 12: ['Not a backend.'] },
      options: { a1: ['First.'], '1a': ['Second.'] },
      nested: [['Deep.']],
      configure_flow: null,
    })) as BadRequestError;
    expect(error.fieldErrors).toEqual({
      'flow_set[0].name': ['Too long.'],
      'flow_set[1].slug': ['Taken.'],
      name: ['Required.', 'Too short.'],
      'backends[12]': ['Not a backend.'],
      'options.a1': ['First.'],
      'options.1a': ['Second.'],
      'nested[0]': ['Deep.'],
    });
    expect(error.nonFieldErrors).toEqual([]);
  });
});

describe('type guards', () => {
  test('isAuthentikError tells the class, including parents, and rejects look-alikes', async () => {
    const error = await errorForStatus(404);
    expect(isAuthentikError(error)).toBe(true);
    expect(isAuthentikError(error, APIError)).toBe(true);
    expect(isAuthentikError(error, NotFoundError)).toBe(true);
    expect(isAuthentikError(error, BadRequestError)).toBe(false);
    expect(isAuthentikError(new Error('x'))).toBe(false);
    expect(isAuthentikError({ name: 'NotFoundError', status: 404 }, NotFoundError)).toBe(false);
    expect(isAuthentikError(null)).toBe(false);
    for (const primitive of [undefined, 'NotFoundError', 404, true])
      expect(isAuthentikError(primitive, NotFoundError)).toBe(false);
    // A copy made by spreading is a plain object, not an error: the brand does not travel with it.
    expect(isAuthentikError({ ...error })).toBe(false);
  });

  test('errors from another copy of the package are recognised, where instanceof is not', async () => {
    vi.resetModules();
    const path: string = '../../src/errors.js?copy';
    const copy = (await import(/* @vite-ignore */ path)) as typeof import('../../src/errors.js');
    const foreign = new copy.NotFoundError(404, new Headers(), {}, { method: 'GET', url: `${BASE_URL}/`, attempts: 1 });
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    expect(isAuthentikError(foreign, NotFoundError)).toBe(true);
    expect(isAuthentikError(foreign, APIError)).toBe(true);
    expect(isAuthentikError(foreign, RateLimitError)).toBe(false);
    expect(foreign.name).toBe('NotFoundError');
  });

  test('errors made in another realm (a vm context, an iframe) are recognised by their brand', () => {
    const foreign = runInNewContext(
      `const error = new Error('not found'); Object.defineProperty(error, Symbol.for('authentik-password-stage.error-kinds'), { value: ['NotFoundError', 'APIError', 'AuthentikError'] }); error`,
    );
    expect(foreign).not.toBeInstanceOf(Error);
    expect(isAuthentikError(foreign, NotFoundError)).toBe(true);
    expect(isAuthentikError(foreign, InvalidArgumentError)).toBe(false);
  });

  test('JSON of an error holds its status, body, method and attempts, and no name', async () => {
    const json = JSON.parse(JSON.stringify(await errorForStatus(404, { detail: 'gone' })));
    expect(json).toMatchObject({ status: 404, body: { detail: 'gone' }, method: 'GET', attempts: 1 });
    expect(json).not.toHaveProperty('name');
  });

  test.each(Object.keys(CLASSES) as (keyof typeof CLASSES)[])(
    'the name of a %s is not enumerable: spreading or logging its fields leaves it out',
    (name) => {
      const error = construct(name);
      expect(Object.getOwnPropertyDescriptor(error, 'name')).toMatchObject({ value: name, enumerable: false });
      expect(Object.keys(error)).not.toContain('name');
      expect({ ...error }).not.toHaveProperty('name');
    },
  );

  test.each(Object.keys(CLASSES) as (keyof typeof CLASSES)[])(
    "the name of a %s can be replaced and removed, as any Error's can",
    (name) => {
      const error = construct(name) as Error;
      error.name = 'Renamed';
      expect(String(error)).toBe(`Renamed: ${error.message}`);
      expect(delete (error as { name?: string }).name).toBe(true);
      expect(error.name).toBe('Error');
    },
  );
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test.each([
    ['5', 5_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    ['-3', undefined],
    ['   ', undefined],
    [' 5 ', 5_000],
    ['1.25', 1_250],
    ['5 seconds', undefined],
  ])('%j means %s ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});

test('the public entry exports every error class and guard by name', () => {
  for (const name of Object.keys(CLASSES)) expect(sdk).toHaveProperty(name);
  expect(sdk).toHaveProperty('isAuthentikError');
});
