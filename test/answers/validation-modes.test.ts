import { describe, expect, test } from 'vitest';
import { backendLabel, isBackend, ResponseValidationError, type ValidationMode } from '../../src/index.js';
import { DOCUMENTED_EXAMPLE, PAGE, STAGE_UUID, fakeClient, json, rejectionOf } from '../support/index.js';

function retrieveWith(body: unknown, validation?: ValidationMode) {
  return fakeClient(() => json(body), validation ? { validation } : {}).stages.retrieve(STAGE_UUID);
}

async function problemsOf(promise: Promise<unknown>) {
  return (await rejectionOf(promise, ResponseValidationError)).problems;
}

const NEWER_SERVER = {
  ...DOCUMENTED_EXAMPLE,
  password_policy: 'strong',
  backends: ['authentik.core.auth.InbuiltBackend', 'authentik.sources.saml.auth.SAMLBackend'],
  flow_set: [{ ...DOCUMENTED_EXAMPLE.flow_set[0], layout: 'split', theme_colour: '#fd4b2d' }],
};

describe("the default 'tolerant' validation", () => {
  test('keeps fields the spec does not know in the returned stage', async () => {
    const stage = await retrieveWith(NEWER_SERVER);
    expect(stage).toEqual(NEWER_SERVER);
    expect((stage as unknown as Record<string, unknown>).password_policy).toBe('strong');
  });

  test('passes enum values this SDK does not know, which the enum helpers then report as unknown', async () => {
    const stage = await retrieveWith(NEWER_SERVER);
    const [known, unknown] = stage.backends;
    expect([isBackend(known), isBackend(unknown)]).toEqual([true, false]);
    expect(backendLabel(unknown!)).toBe('authentik.sources.saml.auth.SAMLBackend');
  });

  test('still rejects a missing required field or a wrong type, naming each path', async () => {
    const { name: _, ...nameless } = DOCUMENTED_EXAMPLE;
    expect(
      await problemsOf(
        retrieveWith({
          ...nameless,
          failed_attempts_before_cancel: '3',
          flow_set: [{ ...DOCUMENTED_EXAMPLE.flow_set[0], pk: 7 }],
        }),
      ),
    ).toEqual([
      { path: 'name', message: 'is required (string)' },
      { path: 'flow_set[0].pk', message: 'expected string, got 7' },
      { path: 'failed_attempts_before_cancel', message: 'expected number, got "3"' },
    ]);
  });

  test('rejects a body of the wrong shape altogether', async () => {
    expect(await problemsOf(retrieveWith([DOCUMENTED_EXAMPLE]))).toEqual([
      { path: '', message: expect.stringMatching(/^expected object, got \[/) },
    ]);
    expect(await problemsOf(retrieveWith(null))).toEqual([{ path: '', message: 'expected object, got null' }]);
  });

  test('rejects a pk that is not a uuid', async () => {
    expect(await problemsOf(retrieveWith({ ...DOCUMENTED_EXAMPLE, pk: 'stage-1' }))).toEqual([
      { path: 'pk', message: 'expected a uuid string, got "stage-1"' },
    ]);
  });
});

describe("'strict' validation", () => {
  test('reports every departure from the fragment: unknown fields and unknown enum values included', async () => {
    expect(await problemsOf(retrieveWith(NEWER_SERVER, 'strict'))).toEqual([
      { path: 'flow_set[0].layout', message: 'expected a FlowLayout value, got "split"' },
      { path: 'backends[1]', message: 'expected a Backend value, got "authentik.sources.saml.auth.SAMLBackend"' },
      { path: 'flow_set[0].theme_colour', message: 'is not in the contract' },
      { path: 'password_policy', message: 'is not in the contract' },
    ]);
  });

  test('an unknown enum value is named with its enum once per problem, without the list of allowed values', async () => {
    const results = Array.from({ length: 50 }, () => ({
      ...DOCUMENTED_EXAMPLE,
      backends: ['authentik.sources.saml.auth.SAMLBackend'],
    }));
    const page = { ...PAGE, pagination: { ...PAGE.pagination, count: 50, end_index: 50 }, results };
    const { stages } = fakeClient(() => json(page), { validation: 'strict' });
    const error = await rejectionOf(stages.list(), ResponseValidationError);
    expect(error.problems).toHaveLength(50);
    expect(error.problems[49]).toEqual({
      path: 'results[49].backends[0]',
      message: 'expected a Backend value, got "authentik.sources.saml.auth.SAMLBackend"',
    });
    expect(error.message).not.toContain('authentik.core.auth.InbuiltBackend');
  });

  test('accepts the documented example', async () => {
    await expect(retrieveWith(DOCUMENTED_EXAMPLE, 'strict')).resolves.toEqual(DOCUMENTED_EXAMPLE);
  });

  test('the error names the method, URL and status', async () => {
    const error = await rejectionOf(retrieveWith(NEWER_SERVER, 'strict'), ResponseValidationError);
    expect(error.message).toMatch(
      /^Response breaks the API contract \(status 200\): GET https:\/\/authentik\.example\.com\/api\/v3\/stages\/password\/[\w-]+\/: /,
    );
    expect(error).toMatchObject({ status: 200, method: 'GET', body: NEWER_SERVER });
  });
});

describe("'off' validation", () => {
  test('returns whatever JSON the server sent, unchecked', async () => {
    await expect(retrieveWith({ anything: true }, 'off')).resolves.toEqual({ anything: true });
  });

  test('still rejects a body that is not JSON at all', async () => {
    const { stages } = fakeClient(() => new Response('<html>', { headers: { 'content-type': 'text/html' } }), {
      validation: 'off',
    });
    await expect(stages.retrieve(STAGE_UUID)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
