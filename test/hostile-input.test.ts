import { describe, expect, test } from 'vitest';
import { createAuthentikClient, InvalidArgumentError } from '../src/index.js';
import { BAD_BODIES, VALID } from './bad-inputs.js';
import { BASE_URL, fakeClient, rejectionOf, STAGE_UUID, TOKEN } from './support/index.js';

const setup = () => fakeClient();
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, InvalidArgumentError);

describe('request bodies are checked against the spec before sending', () => {
  test.each(BAD_BODIES)('create and update reject %s, naming the field, and send nothing', async (_, body, path) => {
    const { stages, requests } = setup();
    for (const call of [() => stages.create(body as never), () => stages.update(STAGE_UUID, body as never)]) {
      const error = await rejection(call());
      expect(error.problems.map((problem) => problem.path)).toContain(path);
      expect(error.message).toMatch(/^Invalid password stage: /);
    }
    expect(requests).toEqual([]);
  });

  test('every problem of a body is listed, not only the first', async () => {
    const { stages, requests } = setup();
    const error = await rejection(
      stages.create({
        name: '',
        backends: ['nope'],
        failed_attempts_before_cancel: 2 ** 40,
        allow_show_password: 1,
        extra: true,
      } as never),
    );
    expect(error.problems).toEqual([
      { path: 'name', message: 'must have at least 1 character(s)' },
      { path: 'backends[0]', message: 'expected a Backend value, got "nope"' },
      { path: 'failed_attempts_before_cancel', message: 'must be <= 2147483647, got 1099511627776' },
      { path: 'allow_show_password', message: 'expected boolean, got 1' },
      { path: 'extra', message: 'is not in the contract' },
    ]);
    expect(requests).toEqual([]);
  });

  test('a wrong value is quoted up to 60 characters of its JSON; a longer one is cut there with an ellipsis', async () => {
    const { stages } = setup();
    const quoted = async (value: string) =>
      (await rejection(stages.create({ ...VALID, backends: [value] } as never))).problems[0]!.message;
    const sixty = `"${'b'.repeat(57)}c"`; // 60 characters as JSON
    expect(await quoted(JSON.parse(sixty))).toBe(`expected a Backend value, got ${sixty}`);
    expect(await quoted(`${JSON.parse(sixty)}d`)).toBe(`expected a Backend value, got ${sixty.slice(0, 59)}d…`);
  });

  test('patch accepts any subset of the fields but still rejects bad values and unknown fields', async () => {
    const { stages, requests } = setup();
    await stages.patch(STAGE_UUID, {});
    await stages.patch(STAGE_UUID, { configure_flow: null });
    // Leaving out name or backends is fine for a patch; every other bad body stays bad.
    const stillBad = BAD_BODIES.filter(
      ([description, , field]) =>
        field !== '' && !description.startsWith('missing') && !description.startsWith('a missing'),
    );
    expect(stillBad.length).toBeGreaterThanOrEqual(16);
    for (const [, body, path] of stillBad) {
      const error = await rejection(stages.patch(STAGE_UUID, body as never));
      expect(error.problems.map((problem) => problem.path)).toContain(path);
    }
    expect(requests).toHaveLength(2);
  });

  test('the int32 limits themselves are accepted', async () => {
    const { stages, requests } = setup();
    await stages.create({ ...VALID, backends: [], failed_attempts_before_cancel: 2 ** 31 - 1 });
    await stages.create({ ...VALID, backends: [], failed_attempts_before_cancel: -(2 ** 31) });
    expect(requests).toHaveLength(2);
  });
});

describe('list queries are checked against the spec before sending', () => {
  test.each([
    ['a fractional page', { page: 1.5 }, 'page'],
    ['a page as a string', { page: '2' }, 'page'],
    ['a page size as a string', { page_size: '20' }, 'page_size'],
    ['a non-boolean allow_show_password', { allow_show_password: 'true' }, 'allow_show_password'],
    ['a configure_flow that is not a uuid', { configure_flow: '../x' }, 'configure_flow'],
    ['an unknown parameter', { format: 'csv' }, 'format'],
    ['a parameter that would smuggle another one', { 'search=x&page_size': 1000 }, 'search=x&page_size'],
    ['an object as search', { search: { $ne: '' } }, 'search'],
    ['an array as name', { name: ['a', 'b'] }, 'name'],
    ['page 0, which authentik would answer with 404 "Invalid page."', { page: 0 }, 'page'],
    ['a negative page', { page: -1 }, 'page'],
    ['page_size 0, which authentik would silently replace with its default', { page_size: 0 }, 'page_size'],
    ['a negative page_size', { page_size: -1 }, 'page_size'],
  ])('list rejects %s and sends nothing', async (_, query, path) => {
    const { stages, requests } = setup();
    const error = await rejection(stages.list(query as never));
    expect(error.problems.map((problem) => problem.path)).toContain(path);
    expect(requests).toEqual([]);
  });

  test('a page below 1 is refused with the bound the spec sets, and page 1 is sent', async () => {
    const { stages, requests } = setup();
    const error = await rejection(stages.list({ page: 0, page_size: 0 }));
    expect(error.problems).toEqual([
      { path: 'page', message: 'must be >= 1, got 0' },
      { path: 'page_size', message: 'must be >= 1, got 0' },
    ]);
    expect(error.message).toBe('Invalid list query: page: must be >= 1, got 0; page_size: must be >= 1, got 0');
    await stages.list({ page: 1, page_size: 1 }).catch(() => {});
    expect(requests).toHaveLength(1);
  });

  test('search text with URL syntax stays inside its parameter', async () => {
    const { stages, requests } = setup();
    await stages.list({ search: '../../admin/?page_size=1000&x=#' }).catch(() => {});
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/api/v3/stages/password/');
    expect([...url.searchParams]).toEqual([['search', '../../admin/?page_size=1000&x=#']]);
  });
});

describe('client options', () => {
  test.each([
    ['a missing baseUrl', { token: TOKEN }, 'baseUrl'],
    ['a baseUrl that is not a URL', { baseUrl: 'authentik', token: TOKEN }, 'baseUrl'],
    ['a non-http baseUrl', { baseUrl: 'file:///etc/passwd', token: TOKEN }, 'baseUrl'],
    ['a baseUrl with a query', { baseUrl: `${BASE_URL}?x=1`, token: TOKEN }, 'baseUrl'],
    ['a missing token', { baseUrl: BASE_URL }, 'token'],
    ['a negative timeout', { baseUrl: BASE_URL, token: TOKEN, timeoutMs: -1 }, 'timeoutMs'],
    ['a fractional maxRetries', { baseUrl: BASE_URL, token: TOKEN, maxRetries: 1.5 }, 'maxRetries'],
    ['an unknown validation mode', { baseUrl: BASE_URL, token: TOKEN, validation: 'lenient' }, 'validation'],
  ])('createAuthentikClient rejects %s with InvalidArgumentError naming the option', (_, options, path) => {
    const env = { url: process.env.AUTHENTIK_URL, token: process.env.AUTHENTIK_TOKEN };
    delete process.env.AUTHENTIK_URL;
    delete process.env.AUTHENTIK_TOKEN;
    try {
      expect(() => createAuthentikClient(options as never)).toThrow(InvalidArgumentError);
      expect(() => createAuthentikClient(options as never)).toThrow(new RegExp(`^Invalid client options: .*${path}`));
    } finally {
      if (env.url !== undefined) process.env.AUTHENTIK_URL = env.url;
      if (env.token !== undefined) process.env.AUTHENTIK_TOKEN = env.token;
    }
  });
});
