// The undeclared fields a read teaches a client to send back on a write: only a stage's own fields, only from baseUrl's
// server, and past the documented limit sent unchecked rather than blamed on the caller.
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, ResponseValidationError } from '../../src/index.js';
import {
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  PAGE,
  rejectionOf,
  STAGE_UUID,
  type RecordedRequest,
} from '../support/index.js';

/** A server that answers reads with `read` and writes with the stage it was sent. */
const echoing = (read: unknown) => (request: RecordedRequest) =>
  json(request.method === 'GET' ? read : { ...DOCUMENTED_EXAMPLE, ...JSON.parse(request.body ?? '{}') });

describe('the undeclared fields a read teaches a client to send back', () => {
  const NEWER = { ...DOCUMENTED_EXAMPLE, lockout_duration: 'minutes=10' };

  test('a field a newer server sent in a listed stage is sent back on update', async () => {
    const { stages, requests } = fakeClient(echoing({ ...PAGE, results: [NEWER] }));
    const [stage] = (await stages.list()).results;
    await stages.update(STAGE_UUID, { ...stage!, name: 'renamed' });
    expect(JSON.parse(requests[1]!.body!)).toMatchObject({ name: 'renamed', lockout_duration: 'minutes=10' });
  });

  test("a field unknown inside a stage's flows is not taken for a stage setting", async () => {
    const flow = { ...DOCUMENTED_EXAMPLE.flow_set[0], lockout_duration: 'minutes=10' };
    const withFlow = { ...DOCUMENTED_EXAMPLE, flow_set: [flow] };
    const { stages, requests } = fakeClient((request) =>
      json(
        request.url.includes('?') || request.url.endsWith('/password/') ? { ...PAGE, results: [withFlow] } : withFlow,
      ),
    );
    await stages.retrieve(STAGE_UUID);
    await stages.list();
    const error = await rejectionOf(
      stages.update(STAGE_UUID, { ...DOCUMENTED_EXAMPLE, lockout_duration: 'minutes=5' } as never),
      InvalidArgumentError,
    );
    expect(error.problems).toEqual([{ path: 'lockout_duration', message: 'is not in the contract' }]);
    expect(requests.map((request) => request.method)).toEqual(['GET', 'GET']);
  });

  test("a list page's own key is not taken for a stage field: a typo of it is refused, not sent", async () => {
    const { stages, requests } = fakeClient(() => json({ ...PAGE, failed_attempts_before_cancle: 3 }));
    await stages.list();
    const error = await rejectionOf(
      stages.patch(STAGE_UUID, { failed_attempts_before_cancle: 3 } as never),
      InvalidArgumentError,
    );
    expect(error.problems).toEqual([{ path: 'failed_attempts_before_cancle', message: 'is not in the contract' }]);
    expect(requests).toHaveLength(1);
  });

  test("a stage that a redirect fetched from another origin teaches nothing to send to baseUrl's server", async () => {
    const { stages, requests } = fakeClient((request) =>
      request.url.startsWith('https://elsewhere.example.com/')
        ? json({ ...DOCUMENTED_EXAMPLE, is_superuser: true })
        : new Response(null, { status: 302, headers: { location: 'https://elsewhere.example.com/stage/' } }),
    );
    const stage = await stages.retrieve(STAGE_UUID);
    expect(stage).toMatchObject({ is_superuser: true });
    const error = await rejectionOf(stages.update(STAGE_UUID, stage as never), InvalidArgumentError);
    expect(error.problems).toEqual([{ path: 'is_superuser', message: 'is not in the contract' }]);
    expect(requests.map(({ method, url }) => `${method} ${new URL(url).origin}`)).toEqual([
      'GET https://authentik.example.com',
      'GET https://elsewhere.example.com',
    ]);
  });

  test('a list answer that breaks the contract teaches no field name', async () => {
    const { stages, requests } = fakeClient(() => json({ ...PAGE, pagination: null }));
    await rejectionOf(stages.list(), ResponseValidationError);
    const error = await rejectionOf(stages.patch(STAGE_UUID, { pagination: 1 } as never), InvalidArgumentError);
    expect(error.problems).toEqual([{ path: 'pagination', message: 'is not in the contract' }]);
    expect(requests).toHaveLength(1);
  });

  test('a stage with 300 undeclared fields is written back as it was retrieved', async () => {
    const extra = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`setting_${index}`, index]));
    const { stages, requests } = fakeClient(echoing({ ...DOCUMENTED_EXAMPLE, ...extra }));
    const stage = await stages.retrieve(STAGE_UUID);
    await stages.update(STAGE_UUID, stage as never);
    expect(JSON.parse(requests[1]!.body!)).toMatchObject(extra);
  });

  test('past 1,000 learned names a server field is sent unchecked, never blamed on the caller', async () => {
    const names = Array.from({ length: 1_001 }, (_, index) => `x${String(index).padStart(4, '0')}`);
    const { stages, requests } = fakeClient(
      echoing({ ...PAGE, results: names.map((name) => ({ ...DOCUMENTED_EXAMPLE, [name]: 1 })) }),
    );
    await stages.list();
    await stages.patch(STAGE_UUID, { x1000: 2, lockout_duration: 'minutes=5' } as never);
    expect(JSON.parse(requests[1]!.body!)).toEqual({ x1000: 2, lockout_duration: 'minutes=5' });
    const error = await rejectionOf(stages.patch(STAGE_UUID, { name: 7 } as never), InvalidArgumentError);
    expect(error.problems.map((problem) => problem.path)).toEqual(['name']);
  });

  test('the 1,000 names are undeclared ones only: a stage with 1,000 of them still has a typo refused', async () => {
    // Every stage also carries the declared fields; were they counted, the limit would pass and typos go unchecked.
    const extra = Object.fromEntries(Array.from({ length: 1_000 }, (_, index) => [`setting_${index}`, index]));
    const { stages, requests } = fakeClient(echoing({ ...DOCUMENTED_EXAMPLE, ...extra }));
    await stages.retrieve(STAGE_UUID);
    const error = await rejectionOf(
      stages.patch(STAGE_UUID, { failed_attempts_before_cancle: 3 } as never),
      InvalidArgumentError,
    );
    expect(error.problems).toEqual([{ path: 'failed_attempts_before_cancle', message: 'is not in the contract' }]);
    expect(requests).toHaveLength(1);
  });
});
