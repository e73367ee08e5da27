// Property: whatever a careless caller passes (options out of range, tokens with a newline or a 'Bearer ' prefix,
// providers and interceptors that throw or hang, a controller instead of its signal, bad uuids, queries and bodies),
// each call ends as README says, within its deadline, sends nothing it should not and leaks nothing. One scripted
// server serves every case. Replay a failure with the seed and path fast-check prints: FC_SEED=<seed> FC_PATH=<path>
// npx vitest run test/properties-caller.test.ts
import fc from 'fast-check';
import type { GenericSchema } from 'valibot';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  vPaginatedPasswordStageList,
  vPasswordStage,
  vStagesPasswordUsedByListResponse,
} from '../../generated/hey-api/valibot.gen.js';
import {
  createAuthentikClient,
  type AuthentikClient,
  type InvalidArgumentError,
  type Problem,
} from '../../src/index.js';
import { carelessCase, type CarelessCase } from '../support/careless-caller.js';
import {
  abortListeners,
  activeSockets,
  activeTimers,
  contractProblems,
  documentedClass,
  DOCUMENTED_EXAMPLE,
  everythingShown,
  leakedPieces,
  PAGE,
  propertyRuns,
  quiesce,
  settleWithin,
  startScriptedServer,
  type Arrival,
  type ScriptedServer,
  type Step,
} from '../support/index.js';

/** As in properties-server.test.ts: past the deadline (and however late a timer for it fired), the abort's own work. */
const MARGIN_MS = 250;
/**
 * A case with no deadline near still ends by itself: the server answers at once, a retry is asked for with Retry-After:
 * 0.
 */
const NO_DEADLINE_MS = 1_000;
const SLOW_INTERCEPTOR_MS = 200;
const RUNS = propertyRuns(150, 1500);
const COOKIE = 'sessionid=cookie-value-83b1f0';
const PROXY = 'Basic proxy-credentials-2d9c';
const URL_PASSWORD = 'pw-in-base-url-91c2';
const USED_BY = [
  { app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'binding', action: 'cascade' },
];

type Operation = CarelessCase['operation'];
const METHODS: Record<Operation, string> = {
  retrieve: 'GET',
  list: 'GET',
  listAll: 'GET',
  usedBy: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};
const SCHEMAS: Record<Operation, GenericSchema | undefined> = {
  retrieve: vPasswordStage,
  create: vPasswordStage,
  update: vPasswordStage,
  patch: vPasswordStage,
  list: vPaginatedPasswordStageList,
  listAll: vPaginatedPasswordStageList,
  usedBy: vStagesPasswordUsedByListResponse,
  delete: undefined,
};
const ANSWERS: Record<Operation, unknown> = {
  retrieve: DOCUMENTED_EXAMPLE,
  create: DOCUMENTED_EXAMPLE,
  update: DOCUMENTED_EXAMPLE,
  patch: DOCUMENTED_EXAMPLE,
  list: PAGE,
  listAll: PAGE,
  usedBy: USED_BY,
  delete: undefined,
};

const secretOf = (c: CarelessCase) => `tk${c.tokenText}`;
/** The token the server receives: the secret, but for a one-letter token. */
const sentToken = (c: CarelessCase) => (c.token.kind === 'short' ? 'x' : secretOf(c));

function tokenOf(c: CarelessCase): unknown {
  const secret = secretOf(c);
  const values: Record<CarelessCase['token']['kind'], unknown> = {
    valid: secret,
    short: 'x',
    newline: `${secret}\n`,
    bearer: `Bearer ${secret}`,
    buffer: Buffer.from(secret),
    number: 12_345_678,
    empty: '',
    'inner-space': `${secret.slice(0, 6)} ${secret.slice(6)}`,
    provider: () => secret,
    'async-provider': async () => secret,
    'provider-throws': () => {
      throw new Error('vault unreachable');
    },
    'provider-rejects': () => Promise.reject(new Error('vault unreachable')),
    'provider-hangs': () => new Promise(() => {}),
    'provider-junk': () => 42,
    'provider-newline': () => `${secret}\n`,
  };
  return values[c.token.kind];
}

function clientOptions(c: CarelessCase, base: string): Record<string, unknown> {
  const options: Record<string, unknown> = {
    baseUrl: {
      valid: base,
      'trailing-slash': `${base}/`,
      'with-password': base.replace('http://', `http://user:${URL_PASSWORD}@`),
      'empty-query': `${base}?`,
      'empty-fragment': `${base}#`,
      query: `${base}?x=1`,
      'not-a-url': 'authentik',
      ftp: 'ftp://127.0.0.1/api/v3',
      number: 42,
      missing: undefined,
    }[c.baseUrl.kind],
    token: tokenOf(c),
    headers: {
      none: undefined,
      credentials: { Cookie: COOKIE, 'Proxy-Authorization': PROXY },
      authorization: { Authorization: 'Basic c29tZW9uZQ==' },
      'line-break': { 'x-trace': 'a\r\nx-injected: 1' },
      'bad-name': { 'bad name': 'x' },
      'not-a-string': { 'x-count': 42 },
      array: [['x-a', 'b']],
      'headers-object': new Headers({ 'x-a': 'b' }),
    }[c.headers.kind],
  };
  const timeouts = {
    off: 0,
    short: c.shortMs,
    negative: -1,
    nan: Number.NaN,
    'past-setTimeout': 2 ** 31,
    huge: 1e12,
    string: '100',
    infinite: Infinity,
  };
  if (c.timeoutMs.kind !== 'default') options.timeoutMs = timeouts[c.timeoutMs.kind];
  const retries = {
    none: 0,
    one: 1,
    two: 2,
    nan: Number.NaN,
    negative: -1,
    fraction: 1.5,
    string: '2',
    infinite: Infinity,
  };
  if (c.maxRetries.kind !== 'default') options.maxRetries = retries[c.maxRetries.kind];
  if (c.validation.kind !== 'default')
    options.validation = { tolerant: 'tolerant', strict: 'strict', off: 'off', lenient: 'lenient', boolean: true }[
      c.validation.kind
    ];
  if (c.extraKey.kind !== 'none') options[c.extraKey.kind] = 1;
  // A custom fetch that drops the init, and with it the call's signal: only the SDK's own deadline can end its wait.
  if (c.fetch.kind !== 'global')
    options.fetch = c.fetch.kind === 'ignores-signal' ? (request: Request) => globalThis.fetch(request) : 'fetch';
  return options;
}

function callOptions(c: CarelessCase, controller: AbortController): unknown {
  const { signal } = controller;
  const options: Record<CarelessCase['callOptions']['kind'], unknown> = {
    none: undefined,
    empty: {},
    signal: { signal },
    'aborted-signal': { signal },
    'aborts-later': { signal },
    'short-timeout': { timeoutMs: c.shortMs },
    'no-timeout': { timeoutMs: 0 },
    'one-retry': { maxRetries: 1 },
    controller: { signal: controller },
    'negative-timeout': { timeoutMs: -1 },
    'nan-retries': { maxRetries: Number.NaN },
    'unknown-key': { retries: 2 },
    'not-an-object': 'fast',
  };
  return options[c.callOptions.kind];
}

function steps(c: CarelessCase): Step[] {
  const answer = ANSWERS[c.operation];
  const ok: Step =
    answer === undefined
      ? { status: 204, headers: {}, body: '', delayMs: 0 }
      : { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer), delayMs: 0 };
  const echo = JSON.stringify({ name: [`${sentToken(c)} is taken`], non_field_errors: [`Bearer ${sentToken(c)}`] });
  return {
    ok: [ok],
    stall: [{ ...ok, delayMs: 2_000 }],
    'busy-then-ok': [
      {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '0' },
        body: '{"detail":"busy"}',
        delayMs: 0,
      },
      ok,
    ],
    'echo-400': [
      { status: 400, headers: { 'content-type': 'application/json', 'x-echo': sentToken(c) }, body: echo, delayMs: 0 },
    ],
  }[c.server];
}

function start(stages: AuthentikClient['passwordStages'], c: CarelessCase, options: unknown): Promise<unknown> {
  const [uuid, body, query] = [c.uuid.value, c.body.value, c.query.value] as [string, never, never];
  const o = options as undefined;
  const calls: Record<Operation, () => Promise<unknown>> = {
    retrieve: () => stages.retrieve(uuid, o),
    list: () => stages.list(query, o),
    create: () => stages.create(body, o),
    update: () => stages.update(uuid, body, o),
    patch: () => stages.patch(uuid, body, o),
    delete: () => stages.delete(uuid, o),
    usedBy: () => stages.usedBy(uuid, o),
    listAll: async () => {
      const results: unknown[] = [];
      for await (const stage of stages.listAll(query, o)) results.push(stage);
      return { ...PAGE, results };
    },
  };
  return calls[c.operation]();
}

/** The option paths `c` gets wrong; each must be named by the InvalidArgumentError. */
const clientProblems = (c: CarelessCase) =>
  [c.baseUrl, c.token, c.headers, c.timeoutMs, c.maxRetries, c.validation, c.extraKey, c.fetch].flatMap((choice) =>
    choice.problem === undefined ? [] : [choice.problem],
  );
function argumentProblems(c: CarelessCase): string[] {
  const takes = {
    retrieve: ['uuid'],
    delete: ['uuid'],
    usedBy: ['uuid'],
    list: ['query'],
    listAll: ['query'],
    create: ['body'],
    update: ['uuid', 'body'],
    patch: ['uuid', 'body'],
  }[c.operation];
  return takes.flatMap((name) => c[name as 'uuid' | 'body' | 'query'].problem ?? []);
}
const roots = (problems: readonly Problem[]) =>
  [...new Set(problems.map((problem) => problem.path.split('.')[0]))].sort();

/**
 * How the call must end, in the order the SDK meets each failure: a class of the errors table, the caller's own error,
 * or data.
 */
function expectedEnd(c: CarelessCase, own: { request: Error; response: Error }): string | Error {
  if (c.callOptions.kind === 'aborted-signal') return 'APIUserAbortError';
  if (/^provider-(throws|rejects|hangs|junk|newline)$/.test(c.token.kind)) return 'TokenProviderError';
  if (argumentProblems(c).length) return 'InvalidArgumentError';
  if (c.requestInterceptor === 'throws') return own.request;
  if (c.requestInterceptor === 'hangs' || (c.requestInterceptor === 'slow' && c.deadline > 0) || c.server === 'stall')
    return 'APIConnectionTimeoutError';
  if (c.responseInterceptor === 'throws') return own.response;
  if (c.server === 'echo-400') return 'BadRequestError';
  if (c.server === 'busy-then-ok') {
    const retries =
      c.callOptions.kind === 'one-retry' ? 1 : { default: 2, none: 0, one: 1, two: 2 }[c.maxRetries.kind as 'default'];
    if (!['GET', 'PUT', 'DELETE'].includes(METHODS[c.operation]) || retries === 0) return 'InternalServerError';
    if (c.requestInterceptor === 'throws-on-retry') return own.request;
  }
  return 'data';
}

let server: ScriptedServer;
let socketsBefore: number;
const environment = { url: process.env.AUTHENTIK_URL, token: process.env.AUTHENTIK_TOKEN };
const afterwards: Array<() => void> = [];
const ends = new Map<string, number>();

beforeAll(async () => {
  // A missing baseUrl or token must stay missing: the environment would fill it in.
  delete process.env.AUTHENTIK_URL;
  delete process.env.AUTHENTIK_TOKEN;
  socketsBefore = activeSockets();
  server = await startScriptedServer();
});

afterAll(async () => {
  Object.assign(
    process.env,
    Object.fromEntries(
      Object.entries({ AUTHENTIK_URL: environment.url, AUTHENTIK_TOKEN: environment.token }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
  );
  for (const check of afterwards) check();
  await server.close();
  await quiesce(() => activeSockets() <= socketsBefore, 2_000);
  expect(activeSockets(), 'sockets left open after the server closed its connections').toBeLessThanOrEqual(
    socketsBefore,
  );
});

function expectNothingLeaked(c: CarelessCase, error: unknown) {
  const shown = everythingShown(error);
  for (const secret of [secretOf(c), COOKIE, PROXY, URL_PASSWORD])
    expect(leakedPieces(shown, secret), 'pieces of a secret in the error').toEqual([]);
  // A token too short to tell from ordinary text is not redacted at all, so it cannot blot out the message.
  if (c.token.kind === 'short') expect(shown).not.toContain('[redacted]');
}

function checkRequests(c: CarelessCase, arrivals: Arrival[], sendsNothing: boolean) {
  if (sendsNothing)
    expect(
      arrivals.map((arrival) => `${arrival.method} ${arrival.path}`),
      'nothing is sent',
    ).toEqual([]);
  if (['POST', 'PATCH'].includes(METHODS[c.operation]))
    expect(arrivals.length, 'POST and PATCH go out at most once').toBeLessThanOrEqual(1);
  for (const arrival of arrivals)
    expect(arrival.headers.authorization, 'the token is sent as a bearer token').toMatch(/^Bearer tk\w+$|^Bearer x$/);
}

async function runCase(c: CarelessCase) {
  const { base, arrivals, busy } = server.open(steps(c));
  const timersBefore = activeTimers();
  const own = { request: new Error('request interceptor failed'), response: new Error('response interceptor failed') };
  let client: AuthentikClient;
  try {
    client = createAuthentikClient(clientOptions(c, base));
  } catch (error) {
    ends.set('creation threw', (ends.get('creation threw') ?? 0) + 1);
    expect(documentedClass(error), 'the client refuses careless options with InvalidArgumentError').toBe(
      'InvalidArgumentError',
    );
    expect(roots((error as InvalidArgumentError).problems), 'naming each careless option').toEqual(
      [...new Set(clientProblems(c))].sort(),
    );
    expectNothingLeaked(c, error);
    afterwards.push(() => checkRequests(c, arrivals, true));
    return;
  }
  expect(clientProblems(c), 'careless options the client took').toEqual([]);

  let attempts = 0;
  client.client.interceptors.request.use(async (request) => {
    attempts++;
    if (c.requestInterceptor === 'throws' || (c.requestInterceptor === 'throws-on-retry' && attempts > 1))
      throw own.request;
    if (c.requestInterceptor === 'hangs') await new Promise(() => {});
    // The caller's own timer, unref'd: what the SDK leaves behind is what is counted.
    if (c.requestInterceptor === 'slow')
      await new Promise((resolve) => setTimeout(resolve, SLOW_INTERCEPTOR_MS).unref());
    return request;
  });
  client.client.interceptors.response.use((response) => {
    if (c.responseInterceptor === 'throws') throw own.response;
    return response;
  });
  const controller = new AbortController();
  if (c.callOptions.kind === 'aborted-signal') controller.abort();
  const aborter =
    c.callOptions.kind === 'aborts-later' ? setTimeout(() => controller.abort(), c.abortAfterMs) : undefined;
  const deadline = c.deadline || NO_DEADLINE_MS;
  const outcome = await settleWithin(
    () => start(client.passwordStages, c, callOptions(c, controller)),
    deadline,
    MARGIN_MS,
  );
  clearTimeout(aborter);

  expect(
    outcome.ok,
    `the call did not settle within ${deadline} ms + ${MARGIN_MS} ms (+ timers' lateness: ${Math.round(outcome.allowedMs)} ms in all)`,
  ).not.toBe('pending');
  const callProblem = c.callOptions.problem !== undefined;
  const expected = callProblem ? 'InvalidArgumentError' : expectedEnd(c, own);
  const end = outcome.ok === true ? 'data' : outcome.ok === false ? outcome.error : 'pending';
  const name =
    end instanceof Error ? (own.request === end || own.response === end ? end.message : end.name) : String(end);
  ends.set(name, (ends.get(name) ?? 0) + 1);
  // Whatever else happens, the caller's late abort or a near deadline may end the call first (a timeout never comes
  // early); and a 503 that arrives once the deadline has passed ends the call with the server's error, as no retry fits
  // in the time left.
  const pastDeadline = c.deadline > 0 && outcome.ms >= c.deadline - 2;
  const alsoAllowed = [
    c.callOptions.kind === 'aborts-later' && 'APIUserAbortError',
    c.deadline > 0 && 'APIConnectionTimeoutError',
    c.deadline > 0 && /provider/.test(c.token.kind) && 'TokenProviderError',
    pastDeadline && c.server === 'busy-then-ok' && 'InternalServerError',
  ];
  const wanted = expected instanceof Error ? expected.message : expected;
  expect(name === wanted || alsoAllowed.includes(name) ? wanted : name, 'how the call ended').toBe(wanted);
  if (expected instanceof Error && name === wanted)
    expect(end, "the caller's own error, as it was thrown").toBe(expected);
  if (name === 'APIConnectionTimeoutError')
    expect(outcome.ms, 'a timeout never comes before the deadline').toBeGreaterThanOrEqual(c.deadline - 2);

  if (outcome.ok === true) {
    const schema = SCHEMAS[c.operation];
    if (!schema) expect(outcome.value).toBeUndefined();
    else
      expect(
        contractProblems(schema, outcome.value, c.validation.kind !== 'strict'),
        'resolves to contract-valid data',
      ).toEqual([]);
    expect(outcome.value, 'resolves to what the server sent').toEqual(ANSWERS[c.operation]);
  } else if (outcome.ok === false && !(own.request === outcome.error || own.response === outcome.error)) {
    expect(documentedClass(outcome.error), 'rejects with a class of the errors table').toBe(name);
    expectNothingLeaked(c, outcome.error);
    if (name === 'InvalidArgumentError') {
      const paths = (outcome.error as InvalidArgumentError).problems.map((problem) => problem.path);
      for (const path of callProblem ? [c.callOptions.problem] : argumentProblems(c))
        expect(paths, 'naming each careless argument').toContain(path);
    }
  }
  expect(abortListeners(controller.signal), "listeners left on the caller's signal").toBe(0);
  // At most as many as before: timers of the test runner's own may end meanwhile.
  expect(activeTimers(), 'timers left behind').toBeLessThanOrEqual(timersBefore);
  await quiesce(() => !busy(), 50);
  // The server's two ports and a few keep-alive connections, each seen from both ends: a socket left per case would
  // pile up.
  expect(activeSockets() - socketsBefore, 'sockets piling up across cases').toBeLessThanOrEqual(16);
  const sendsNothing =
    ['InvalidArgumentError', 'TokenProviderError'].includes(name) ||
    (name === 'APIUserAbortError' && c.callOptions.kind === 'aborted-signal');
  checkRequests(c, arrivals, sendsNothing);
  afterwards.push(() => checkRequests(c, arrivals, sendsNothing));
}

test(
  `every call of a careless caller ends as documented, by its deadline, sending and leaking nothing it should not (${RUNS.numRuns} cases, seed ${RUNS.seed})`,
  async () => {
    console.log(`properties-caller: seed ${RUNS.seed}, numRuns ${RUNS.numRuns}`);
    await fc.assert(fc.asyncProperty(carelessCase, runCase), RUNS);
    console.log(`properties-caller: how the cases ended: ${JSON.stringify(Object.fromEntries([...ends].sort()))}`);
  },
  RUNS.testTimeoutMs,
);
