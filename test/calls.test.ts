// What each call reports when it ends early or oddly: the URL an aborted call names, the argument an
// InvalidArgumentError names, the wording of connection failures and unparsable 2xx bodies, which error a deadline
// becomes, how listAll stops, and how a 400's DRF body becomes field errors.
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  InvalidArgumentError,
  ResponseValidationError,
  TokenProviderError,
} from '../src/index.js';
import {
  BASE_URL,
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  PAGE,
  rejectionOf,
  STAGE_URL,
  STAGE_UUID,
} from './support/index.js';

const aborted = () => ({ signal: AbortSignal.abort() });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a call aborted before it starts names the URL it would have called, and sends nothing', () => {
  test.each([
    [
      'retrieve',
      'GET',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.retrieve(STAGE_UUID, aborted()),
    ],
    [
      'list',
      'GET',
      `${BASE_URL}/stages/password/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.list({}, aborted()),
    ],
    [
      'create',
      'POST',
      `${BASE_URL}/stages/password/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.create({ name: 'x', backends: [] }, aborted()),
    ],
    [
      'update',
      'PUT',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) =>
        stages.update(STAGE_UUID, { name: 'x', backends: [] }, aborted()),
    ],
    [
      'patch',
      'PATCH',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.patch(STAGE_UUID, { name: 'x' }, aborted()),
    ],
    [
      'delete',
      'DELETE',
      STAGE_URL,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.delete(STAGE_UUID, aborted()),
    ],
    [
      'usedBy',
      'GET',
      `${STAGE_URL}used_by/`,
      (stages: ReturnType<typeof fakeClient>['stages']) => stages.usedBy(STAGE_UUID, aborted()),
    ],
  ])('%s', async (_, method, url, call) => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(call(stages), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: ${method} ${url}`);
    expect(requests).toEqual([]);
  });

  test('a stageUuid that cannot be written into a URL leaves the URL template in the message', async () => {
    const { stages, requests } = fakeClient();
    const error = await rejectionOf(stages.retrieve(Symbol('uuid') as never, aborted()), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${BASE_URL}/stages/password/{stage_uuid}/`);
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

describe('what a deadline becomes', () => {
  // A fetch that never answers, ending only when the call's signal aborts it.
  const hanging = (async (_: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) =>
      init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)),
    )) as typeof fetch;

  test("with a token provider that answered, a server that does not answer in time is a timeout, not the provider's fault", async () => {
    const { stages } = fakeClient(undefined, {
      token: async () => 'rotated-token-1234',
      fetch: hanging,
      timeoutMs: 40,
      maxRetries: 0,
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), APIConnectionTimeoutError);
    expect(error.message).toBe(`Timed out after 40 ms: GET ${STAGE_URL}`);
  });

  test("a token provider slower than the deadline is the provider's fault, and nothing is sent", async () => {
    const { stages, requests } = fakeClient(undefined, { token: () => new Promise<string>(() => {}), timeoutMs: 40 });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID), TokenProviderError);
    expect(error.message).toBe('The token provider did not answer within 40 ms; no request was sent');
    expect(requests).toEqual([]);
  });
});

// The caller's abort can land between the moment a failed attempt comes back from the generated client and the moment
// the SDK looks at it (a microtask or two): the abort still wins over what the attempt failed with.
describe('an abort that lands while a failed attempt is being handed back ends the call as aborted', () => {
  const afterMicrotasks = (count: number, then: () => void) => {
    let chain = Promise.resolve();
    for (let i = 0; i < count; i++) chain = chain.then(() => {});
    void chain.then(then);
  };

  test('after a connection failure', async () => {
    const controller = new AbortController();
    const { authentik, stages } = fakeClient(undefined, {
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
      maxRetries: 0,
      timeoutMs: 0,
    });
    authentik.client.interceptors.error.use((error) => (afterMicrotasks(1, () => controller.abort()), error));
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
  });

  test('after a response interceptor threw', async () => {
    const controller = new AbortController();
    const { authentik, stages } = fakeClient(undefined, { timeoutMs: 0 });
    authentik.client.interceptors.response.use(() => {
      afterMicrotasks(0, () => controller.abort());
      throw new Error('my interceptor broke');
    });
    const error = await rejectionOf(stages.retrieve(STAGE_UUID, { signal: controller.signal }), APIUserAbortError);
    expect(error.message).toBe(`The call was aborted: GET ${STAGE_URL}`);
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

  test('a request interceptor that throws null rejects the call with null, unchanged', async () => {
    const { authentik, stages, requests } = fakeClient();
    authentik.client.interceptors.request.use(() => {
      throw null; // a caller's code may throw anything
    });
    expect(await rejectionOf(stages.retrieve(STAGE_UUID))).toBeNull();
    expect(requests).toEqual([]);
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

test('a response interceptor that logs the body and hands back a copy without headers still gets the stage', async () => {
  const { authentik, stages } = fakeClient(() => json(DOCUMENTED_EXAMPLE));
  const logged: string[] = [];
  authentik.client.interceptors.response.use(async (response) => {
    const text = await response.text();
    logged.push(text);
    return new Response(text, { status: response.status });
  });
  expect(await stages.retrieve(STAGE_UUID)).toEqual(DOCUMENTED_EXAMPLE);
  expect(logged).toEqual([JSON.stringify(DOCUMENTED_EXAMPLE)]);
});

test('listAll stops when the server names the current page as the next one, instead of asking for it again and again', async () => {
  const { stages, requests } = fakeClient(() =>
    json({ ...PAGE, pagination: { ...PAGE.pagination, next: 2, current: 2 } }),
  );
  const seen: string[] = [];
  for await (const stage of stages.listAll({ page: 2 })) {
    seen.push(stage.pk);
    if (seen.length > 3) break;
  }
  expect(seen).toEqual([STAGE_UUID]);
  expect(requests.map((request) => request.url)).toEqual([`${BASE_URL}/stages/password/?page=2`]);
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
