// The wording of each problem in ResponseValidationError and InvalidArgumentError: enums named as the SDK exports
// them, missing fields with the type they should have had, and wrong values quoted however odd they are.
import { beforeAll, describe, expect, test } from 'vitest';
import type * as Sdk from '../../src/index.js';
import type * as Support from '../support/index.js';
import { DOCUMENTED_EXAMPLE, PAGE, STAGE_UUID } from '../support/fixtures.js';
import { rejectionOf } from '../support/rejection.js';

// The SDK (and the fake client, which imports it) is loaded by each group's hook, not by this file's imports: should
// the enum names or any other module-level table of the SDK throw while loading, the tests fail by name.
let sdk: typeof Sdk;
let support: typeof Support;
async function loadSdk() {
  [sdk, support] = await Promise.all([import('../../src/index.js'), import('../support/index.js')]);
}
const fakeClient = (...args: Parameters<typeof Support.fakeClient>) => support.fakeClient(...args);
const json = (body: unknown) => support.json(body);

const FLOW = DOCUMENTED_EXAMPLE.flow_set[0]!;
const VALID = { name: 'password', backends: ['authentik.core.auth.InbuiltBackend'] };

async function answerProblems(body: unknown, validation: 'strict' | 'tolerant' = 'strict') {
  const { stages } = fakeClient(() => json(body), { validation, maxRetries: 0 });
  return (await rejectionOf(stages.retrieve(STAGE_UUID), sdk.ResponseValidationError)).problems;
}

async function createProblems(body: unknown) {
  const { stages, requests } = fakeClient();
  const { problems } = await rejectionOf(stages.create(body as never), sdk.InvalidArgumentError);
  expect(requests).toEqual([]);
  return problems;
}

describe('a value outside an enum names the enum as the SDK exports it', () => {
  beforeAll(loadSdk);

  test.each([
    [
      'Backend',
      'backends[0]',
      { ...DOCUMENTED_EXAMPLE, backends: ['authentik.sources.saml.auth.SAMLBackend'] },
      '"authentik.sources.saml.auth.SAMLBackend"',
    ],
    [
      'FlowDesignation',
      'flow_set[0].designation',
      { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...FLOW, designation: 'login' }] },
      '"login"',
    ],
    [
      'PolicyEngineMode',
      'flow_set[0].policy_engine_mode',
      { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...FLOW, policy_engine_mode: 'none' }] },
      '"none"',
    ],
    [
      'FlowLayout',
      'flow_set[0].layout',
      { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...FLOW, layout: 'split' }] },
      '"split"',
    ],
    [
      'DeniedAction',
      'flow_set[0].denied_action',
      { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...FLOW, denied_action: 'deny' }] },
      '"deny"',
    ],
  ])('an unknown %s value in a strict answer, at %s', async (name, path, body, got) => {
    expect(await answerProblems(body)).toEqual([{ path, message: `expected a ${name} value, got ${got}` }]);
  });

  test('an unknown UsedByAction in a usedBy answer', async () => {
    const { stages } = fakeClient(
      () =>
        json([{ app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'binding', action: 'orphan' }]),
      { validation: 'strict' },
    );
    expect((await rejectionOf(stages.usedBy(STAGE_UUID), sdk.ResponseValidationError)).problems).toEqual([
      { path: '[0].action', message: 'expected a UsedByAction value, got "orphan"' },
    ]);
  });

  test('a non-string where an enum is expected is refused even by the tolerant mode, with the enum named', async () => {
    expect(
      await answerProblems({ ...DOCUMENTED_EXAMPLE, backends: [1], flow_set: [{ ...FLOW, layout: null }] }, 'tolerant'),
    ).toEqual([
      { path: 'flow_set[0].layout', message: 'expected a FlowLayout value, got null' },
      { path: 'backends[0]', message: 'expected a Backend value, got 1' },
    ]);
  });
});

describe('a missing field is reported as required, with the type it should have had', () => {
  beforeAll(loadSdk);

  test.each(['strict', 'tolerant'] as const)('a missing top-level field of a stage (%s)', async (validation) => {
    const { name: _, ...nameless } = DOCUMENTED_EXAMPLE;
    expect(await answerProblems(nameless, validation)).toEqual([{ path: 'name', message: 'is required (string)' }]);
  });

  test('a missing nullable field is required as the string it would be when not null', async () => {
    const { configure_flow: _, ...withoutFlow } = DOCUMENTED_EXAMPLE;
    expect(await answerProblems(withoutFlow)).toEqual([{ path: 'configure_flow', message: 'is required (string)' }]);
  });

  test('a missing field of a flow inside flow_set, and of a stage inside a page', async () => {
    const { slug: _, ...slugless } = FLOW;
    const { allow_show_password: __, ...stage } = DOCUMENTED_EXAMPLE;
    expect(await answerProblems({ ...DOCUMENTED_EXAMPLE, flow_set: [FLOW, slugless] })).toEqual([
      { path: 'flow_set[1].slug', message: 'is required (string)' },
    ]);
    const { stages } = fakeClient(() =>
      json({ ...PAGE, results: [DOCUMENTED_EXAMPLE, { ...stage, flow_set: [slugless] }] }),
    );
    expect((await rejectionOf(stages.list(), sdk.ResponseValidationError)).problems).toEqual([
      { path: 'results[1].flow_set[0].slug', message: 'is required (string)' },
      { path: 'results[1].allow_show_password', message: 'is required (boolean)' },
    ]);
  });

  test('a missing field of a request body is required, and no request is sent', async () => {
    expect(await createProblems({ name: 'password' })).toEqual([{ path: 'backends', message: 'is required' }]);
  });
});

describe('an argument the operation does not take', () => {
  beforeAll(loadSdk);

  test('a default query set on the generated client is refused, quoted, by calls that take no query, and nothing is sent', async () => {
    const { authentik, stages, requests } = fakeClient();
    authentik.client.setConfig({ query: { page_size: 50 } } as never);
    for (const call of [() => stages.retrieve(STAGE_UUID), () => stages.create(VALID as never)]) {
      expect((await rejectionOf(call(), sdk.InvalidArgumentError)).problems).toEqual([
        { path: '', message: 'expected never, got {"page_size":50}' },
      ]);
    }
    expect(requests).toEqual([]);
  });
});

describe('a wrong value is quoted in its problem', () => {
  beforeAll(loadSdk);

  test('strings are quoted as JSON, next to what was expected of them', async () => {
    expect(
      await answerProblems({
        ...DOCUMENTED_EXAMPLE,
        pk: 'stage-1',
        flow_set: [{ ...FLOW, slug: 'my flow' }],
        failed_attempts_before_cancel: 2.5,
      }),
    ).toEqual([
      { path: 'pk', message: 'expected a uuid string, got "stage-1"' },
      { path: 'flow_set[0].slug', message: 'expected a string matching /^[-a-zA-Z0-9_]+$/, got "my flow"' },
      { path: 'failed_attempts_before_cancel', message: 'expected an integer, got 2.5' },
    ]);
  });

  test('an undefined field or array hole is reported as nothing', async () => {
    expect(await createProblems({ ...VALID, name: undefined })).toEqual([
      { path: 'name', message: 'expected string, got nothing' },
    ]);
    // eslint-disable-next-line no-sparse-arrays -- a hole is what a careless caller's array may hold
    expect(await createProblems({ ...VALID, backends: [, 'authentik.core.auth.InbuiltBackend'] })).toEqual([
      { path: 'backends[0]', message: 'expected a Backend value, got nothing' },
    ]);
    expect(await createProblems(undefined)).toEqual([{ path: '', message: 'expected object, got nothing' }]);
  });

  test('a BigInt, which has no JSON, is shown as its digits', async () => {
    expect(await createProblems({ ...VALID, failed_attempts_before_cancel: 3n })).toEqual([
      { path: 'failed_attempts_before_cancel', message: 'expected number, got 3' },
    ]);
  });

  test('a circular object or array is described instead of quoted', async () => {
    const object: Record<string, unknown> = {};
    object.self = object;
    const array: unknown[] = [];
    array.push(array);
    expect(await createProblems({ ...VALID, name: object })).toEqual([
      { path: 'name', message: 'expected string, got an object too deep or circular to show' },
    ]);
    expect(await createProblems({ ...VALID, name: array })).toEqual([
      { path: 'name', message: 'expected string, got an array too deep or circular to show' },
    ]);
  });

  test('an answer nested too deeply to quote is described, and the error still keeps the body', async () => {
    const depth = 100_000; // far deeper than JSON.stringify can go, though JSON.parse reads it
    const text = JSON.stringify({ ...DOCUMENTED_EXAMPLE, name: 0 }).replace(
      '"name":0',
      `"name":${'['.repeat(depth)}"x"${']'.repeat(depth)}`,
    );
    const { stages } = fakeClient(() => new Response(text, { headers: { 'content-type': 'application/json' } }), {
      maxRetries: 0,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), sdk.ResponseValidationError);
    expect(error.problems).toEqual([
      { path: 'name', message: 'expected string, got an array too deep or circular to show' },
    ]);
    expect((error.body as { pk: string }).pk).toBe(STAGE_UUID);
  });
});

describe('a message lists at most 10 problems, the error all of them', () => {
  beforeAll(loadSdk);

  test('a 400 with 12 field errors names the first 10 and says how many more there are', async () => {
    const body = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`field_${index}`, ['is wrong']]));
    const { stages } = fakeClient(() => support.json(body, 400), { maxRetries: 0 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), sdk.BadRequestError);
    const shown = Array.from({ length: 10 }, (_, index) => `field_${index}: is wrong`).join('; ');
    expect(error.message).toMatch(new RegExp(`\\(${shown}; and 2 more\\)$`));
    expect(Object.keys(error.fieldErrors)).toHaveLength(12);
  });

  test('exactly 10 problems are all named, with nothing said about more', async () => {
    const body = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`field_${index}`, ['is wrong']]));
    const { stages } = fakeClient(() => support.json(body, 400), { maxRetries: 0 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), sdk.BadRequestError);
    expect(error.message).toMatch(/field_9: is wrong\)$/);
    expect(error.message).not.toContain('more');
  });
});
