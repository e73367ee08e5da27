// Arguments are checked against the spec before anything is sent: stage uuids, bodies, list queries; each problem
// named as the caller passed it.
import { parse, pipe, rawCheck, string } from 'valibot';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { InvalidArgumentError } from '../../src/index.js';
import { BAD_BODIES, VALID } from '../support/bad-inputs.js';
import { fakeClient, json, PAGE, rejectionOf, STAGE_UUID } from '../support/index.js';

const setup = () => fakeClient();
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, InvalidArgumentError);

// Each of these is rejected before anything is sent: they are not UUID strings.
export const BAD_STAGE_UUIDS: unknown[] = [
  '',
  ' ',
  '../',
  '..',
  '.',
  '/',
  '//evil.example/',
  '../../admin/apps/',
  `${STAGE_UUID}/../../users`,
  `${STAGE_UUID}/`,
  `/${STAGE_UUID}`,
  `${STAGE_UUID}?page=2`,
  `${STAGE_UUID}#x`,
  `${STAGE_UUID}%2F..`,
  `${STAGE_UUID} `,
  ` ${STAGE_UUID}`,
  `${STAGE_UUID}\n`,
  `${STAGE_UUID}\u0000`,
  STAGE_UUID.replaceAll('-', ''),
  `{${STAGE_UUID}}`,
  `urn:uuid:${STAGE_UUID}`,
  STAGE_UUID.slice(0, -1),
  `${STAGE_UUID}0`,
  STAGE_UUID.replace('3', 'g'),
  STAGE_UUID.replace(/-/g, '_'),
  '3fa85f64-5717-4562-b3fc-2c963f66afa6'.replace('b3fc', 'b3f%'),
  '3fa85f64–5717–4562–b3fc–2c963f66afa6', // en dashes
  'ＳＴＡＧＥ',
  'null',
  'undefined',
  '%2e%2e%2f',
  '?search=x',
  '#',
  '*',
  'javascript:alert(1)',
  null,
  undefined,
  42,
  { toString: () => STAGE_UUID },
  [STAGE_UUID],
];

afterEach(() => {
  vi.restoreAllMocks();
});

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

describe('stageUuid', () => {
  test.each(['retrieve', 'update', 'patch', 'delete', 'usedBy'] as const)(
    '%s rejects every stage uuid that is not a UUID string before any request is sent',
    async (method) => {
      const fake = fakeClient();
      const { authentik } = fake;
      for (const stageUuid of BAD_STAGE_UUIDS) {
        const withBody = method === 'update' || method === 'patch';
        const call = (authentik.passwordStages[method] as (uuid: unknown, body?: unknown) => Promise<unknown>)(
          stageUuid,
          ...(withBody ? [{ name: 'x', backends: [] }] : []),
        );
        const error = await rejectionOf(call);
        expect(error, JSON.stringify(String(stageUuid))).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).message).toMatch(/^Invalid stageUuid: stageUuid: must be a UUID string/);
      }
      expect(fake.requests).toEqual([]);
    },
  );

  test('any UUID version is accepted, in either case', async () => {
    const fake = fakeClient();
    const { authentik } = fake;
    const uuids = [
      '0190a6e2-9c1b-7cc5-8a3e-1f2d3c4b5a69',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      STAGE_UUID.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
    ];
    for (const uuid of uuids) await authentik.passwordStages.retrieve(uuid);
    expect(fake.requests.map((request) => request.url.split('/').at(-2))).toEqual(uuids);
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
});

describe('invalid arguments are named as the caller passed them', () => {
  test('patch with a bad uuid and a bad body names both, the body as a password stage patch', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.patch('not-a-uuid', { name: 42 } as never), InvalidArgumentError);
    expect(error.message).toBe(
      'Invalid stageUuid and password stage patch: stageUuid: must be a UUID string, got "not-a-uuid"; name: expected string, got 42',
    );
    expect(requests).toEqual([]);
  });

  test('create(null) is refused as an InvalidArgumentError, not a TypeError', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.create(null as never), InvalidArgumentError);
    expect(error.message).toBe('Invalid password stage: (root): expected object, got null');
    expect(requests).toEqual([]);
  });
});

describe('arguments and errors a caller brings in', () => {
  test('a stage uuid that is not a string is named by its type', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.retrieve(42 as never), InvalidArgumentError);
    expect(error.message).toBe('Invalid stageUuid: stageUuid: must be a UUID string, got number');
    expect(requests).toHaveLength(0);
  });

  test.each([
    ['about the whole value', () => parse(string(), 1), [{ path: '', message: 'expected string, got 1' }]],
    // valibot's types forbid an empty path, but a rawCheck given one at run time passes it on.
    [
      'with an empty path',
      () =>
        parse(
          pipe(
            string(),
            rawCheck(({ addIssue }) => addIssue({ message: 'no', path: [] as never })),
          ),
          's',
        ),
      [{ path: '', message: 'is invalid (raw_check)' }],
    ],
  ])(
    "a valibot error a caller's interceptor throws %s comes out as InvalidArgumentError listing its issue",
    async (_, check, problems) => {
      const { authentik, stages } = fakeClient();
      authentik.client.interceptors.response.use((response) => (check(), response));
      const error = await rejectionOf(stages.retrieve(STAGE_UUID), InvalidArgumentError);
      expect(error.problems).toEqual(problems);
    },
  );
});
