// What a 2xx answer must be to be read (its content type and body), what an error keeps of it, which undeclared
// fields a read teaches a client to send back, and what redaction leaves of the caller's and the server's values.
import { parse, pipe, rawCheck, string } from 'valibot';
import { describe, expect, test } from 'vitest';
import { InvalidArgumentError, NotFoundError, ResponseValidationError } from '../src/index.js';
import {
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  PAGE,
  rejectionOf,
  STAGE_URL,
  STAGE_UUID,
  TOKEN,
  type RecordedRequest,
} from './support/index.js';

const STAGE_TEXT = JSON.stringify(DOCUMENTED_EXAMPLE);

/** A 200 answer holding `body` with these headers, and nothing added by the Response constructor. */
const answer = (body: string | null, headers: Record<string, string>) =>
  new Response(body === null ? null : new TextEncoder().encode(body), { headers });

/** A server that answers reads with `read` and writes with the stage it was sent. */
const echoing = (read: unknown) => (request: RecordedRequest) =>
  json(request.method === 'GET' ? read : { ...DOCUMENTED_EXAMPLE, ...JSON.parse(request.body ?? '{}') });

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

describe('a response interceptor that replaces an answer', () => {
  test('a JSON answer replaced by its own JSON is read from the replacement', async () => {
    const { authentik, stages } = fakeClient();
    const replacement = { ...DOCUMENTED_EXAMPLE, name: 'from the interceptor' };
    authentik.client.interceptors.response.use(() => json(replacement));
    expect(await stages.retrieve(STAGE_UUID)).toEqual(replacement);
  });

  test("with validation 'off', an empty answer the interceptor read and filled in is returned as filled in", async () => {
    const { authentik, stages } = fakeClient(() => answer('', { 'content-type': 'application/json' }), {
      validation: 'off',
    });
    authentik.client.interceptors.response.use(async (response) =>
      (await response.text()) === '' ? json(DOCUMENTED_EXAMPLE) : response,
    );
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  });

  test('the body it read is judged by its text, not by a stale Content-Length: 0 header of the original', async () => {
    // An injected fetch (a recorded fixture, say) may carry a header that does not match the body it holds.
    const { authentik, stages } = fakeClient(() =>
      answer(STAGE_TEXT, { 'content-type': 'application/json', 'content-length': '0' }),
    );
    authentik.client.interceptors.response.use(
      async (response) => new Response(await response.text(), { headers: { 'content-type': 'application/json' } }),
    );
    expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  });
});

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

describe('redaction leaves values alone unless they hold the token', () => {
  test('a request sent without the bearer header (an auth proxy adds its own) still fails with the server’s body', async () => {
    const { authentik, stages } = fakeClient(() => json({ detail: 'No PasswordStage matches the given query.' }, 404));
    authentik.client.interceptors.request.use((request) => (request.headers.delete('authorization'), request));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ detail: 'No PasswordStage matches the given query.' });
  });

  test("an error interceptor's own object is the error's body, as it is", async () => {
    class Problem {
      constructor(readonly detail: string) {}
    }
    const { authentik, stages } = fakeClient(() => json({ detail: 'gone' }, 404));
    let made: Problem | undefined;
    authentik.client.interceptors.error.use((body) => (made = new Problem((body as { detail: string }).detail)));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toBe(made);
    expect(error.body).toBeInstanceOf(Problem);
    expect(error.detail).toBe('gone');
  });

  test('a key that echoes the token is redacted even when the body already has a key named [redacted]', async () => {
    const { stages } = fakeClient(() => json({ '[redacted]': 'x', [TOKEN]: 'x' }, 404));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), NotFoundError);
    expect(error.body).toEqual({ '[redacted]': 'x' });
  });
});
