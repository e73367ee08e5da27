// Property: whatever a server answers (any status, headers, body, redirect, delay or cut connection), every call keeps
// README's promises. One scripted server on two loopback ports serves every case; each case has its own path prefix.
// Replay a failure with the seed and path fast-check prints: FC_SEED=<seed> FC_PATH=<path> npx vitest run
// test/properties-server.test.ts
import fc from 'fast-check';
import type { GenericSchema } from 'valibot';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  vPaginatedPasswordStageList,
  vPasswordStage,
  vStagesPasswordUsedByListResponse,
} from '../../generated/hey-api/valibot.gen.js';
import { createAuthentikClient, isAuthentikError, type AuthentikClient, type ValidationMode } from '../../src/index.js';
import { answer, OPERATIONS, stepFor, token, type Operation } from '../support/hostile-server.js';
import { VALID } from '../support/bad-inputs.js';
import {
  abortListeners,
  activeSockets,
  activeTimers,
  contractProblems,
  documentedClass,
  DOCUMENTED_EXAMPLE,
  everythingShown,
  leakedPieces,
  propertyRuns,
  quiesce,
  settleWithin,
  startScriptedServer,
  type Arrival,
  type ScriptedServer,
} from '../support/index.js';

/**
 * How long after its deadline a call may settle. The deadline is measured as a timer set for it fires (on a busy
 * machine, late: `settleWithin` adds the lateness); what follows is the abort's own work, a few milliseconds, which a
 * machine shared with other test files and garbage collection can stretch: 250 ms keeps a false alarm rare and still
 * catches a call that overruns.
 */
const MARGIN_MS = 250;
const RUNS = propertyRuns(100, 1000);
const COOKIE = 'sessionid=cookie-value-83b1f0';
const PROXY = 'Basic proxy-credentials-2d9c';
const LOCATION_PASSWORD = 'pw-in-location-5e7d1c';
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

const SCHEMAS: Record<Operation, GenericSchema | undefined> = {
  retrieve: vPasswordStage,
  create: vPasswordStage,
  update: vPasswordStage,
  patch: vPasswordStage,
  list: vPaginatedPasswordStageList,
  usedBy: vStagesPasswordUsedByListResponse,
  delete: undefined,
};

function start(
  stages: AuthentikClient['passwordStages'],
  operation: Operation,
  uuid: string,
  signal: AbortSignal | undefined,
) {
  const options = signal ? { signal } : undefined;
  const body = (operation === 'create' ? VALID : { ...DOCUMENTED_EXAMPLE, name: 'edited' }) as never;
  const calls: Record<Operation, () => Promise<unknown>> = {
    retrieve: () => stages.retrieve(uuid, options),
    list: () => stages.list({ page: 1, search: 'pass' }, options),
    create: () => stages.create(body, options),
    update: () => stages.update(uuid, body, options),
    patch: () => stages.patch(uuid, { name: 'edited' }, options),
    delete: () => stages.delete(uuid, options),
    usedBy: () => stages.usedBy(uuid, options),
  };
  return calls[operation]();
}

const hostileCase = fc.record({
  operation: fc.constantFrom(...OPERATIONS),
  token,
  provider: fc.boolean(),
  credentials: fc.boolean(),
  validation: fc.constantFrom<ValidationMode>('tolerant', 'strict', 'off'),
  timeoutMs: fc.integer({ min: 30, max: 150 }),
  maxRetries: fc.integer({ min: 0, max: 2 }),
  abortAfterMs: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 1 },
  ),
  uuid: fc.oneof(
    { arbitrary: fc.uuid(), weight: 9 },
    { arbitrary: fc.constantFrom('not-a-uuid', '', '../../users/'), weight: 1 },
  ),
  answers: fc.array(answer, { minLength: 1, maxLength: 4 }),
});
type HostileCase = typeof hostileCase extends fc.Arbitrary<infer T> ? T : never;

let server: ScriptedServer;
let socketsBefore: number;
// checks repeated once every case has ended and every late request has arrived
const afterwards: Array<() => void> = [];
const ends = new Map<string, number>();

beforeAll(async () => {
  socketsBefore = activeSockets();
  server = await startScriptedServer();
});

afterAll(async () => {
  for (const check of afterwards) check();
  await server.close();
  await quiesce(() => activeSockets() <= socketsBefore, 2_000);
  expect(activeSockets(), 'sockets left open after the server closed its connections').toBeLessThanOrEqual(
    socketsBefore,
  );
});

/** What a call must have kept to, whatever it ended with; `arrivals` are the requests the server saw for the case. */
function checkRequests(c: HostileCase, arrivals: Arrival[], rejectedAsArgument: boolean) {
  if (rejectedAsArgument) expect(arrivals, 'a rejected argument sends nothing').toEqual([]);
  const first = arrivals.filter((arrival) => !arrival.hop);
  if (c.operation === 'create' || c.operation === 'patch')
    expect(first.length, 'POST and PATCH go out at most once').toBeLessThanOrEqual(1);
  else expect(first.length, 'no more attempts than maxRetries allows').toBeLessThanOrEqual(c.maxRetries + 1);
  for (const arrival of arrivals.filter((each) => each.away)) {
    for (const name of CREDENTIAL_HEADERS)
      expect(
        arrival.headers[name],
        `${name} reached another origin (${arrival.method} ${arrival.path})`,
      ).toBeUndefined();
  }
  // 307 and 308 resend the body as it was; 303 (and 301/302 after POST) go on as a GET without one.
  for (const arrival of arrivals)
    expect(arrival.body, `the body of ${arrival.method} ${arrival.path}`).toBe(
      arrival.method === 'GET' ? '' : (arrivals[0]?.body ?? ''),
    );
}

async function runCase(c: HostileCase) {
  const { base, arrivals, busy } = server.open(c.answers.map((each) => stepFor(each, c.operation, c.token)));
  const timersBefore = activeTimers();
  const controller = c.abortAfterMs === undefined ? undefined : new AbortController();
  const aborter = controller && setTimeout(() => controller.abort(), c.abortAfterMs);
  const headers = c.credentials ? { Cookie: COOKIE, 'Proxy-Authorization': PROXY } : undefined;
  const client = createAuthentikClient({
    baseUrl: base,
    token: c.provider ? async () => c.token : c.token,
    headers,
    validation: c.validation,
    timeoutMs: c.timeoutMs,
    maxRetries: c.maxRetries,
  });
  const outcome = await settleWithin(
    () => start(client.passwordStages, c.operation, c.uuid, controller?.signal),
    c.timeoutMs,
    MARGIN_MS,
  );
  clearTimeout(aborter);

  expect(
    outcome.ok,
    `the call did not settle within its deadline of ${c.timeoutMs} ms + ${MARGIN_MS} ms (+ timers' lateness: ${Math.round(outcome.allowedMs)} ms in all)`,
  ).not.toBe('pending');
  if (outcome.ok === true) {
    const last = c.answers[Math.min(arrivals.length, c.answers.length) - 1]!;
    expect(last.status, 'only a 2xx answer resolves').toBeGreaterThanOrEqual(200);
    expect(last.status).toBeLessThan(300);
    const schema = SCHEMAS[c.operation];
    if (!schema) expect(outcome.value).toBeUndefined();
    else if (c.validation !== 'off')
      expect(
        contractProblems(schema, outcome.value, c.validation === 'tolerant'),
        'resolves to contract-valid data',
      ).toEqual([]);
    if (schema && last.body !== 'deep' && !last.lengthLie) {
      const sent = stepFor(last, c.operation, c.token).body;
      expect(outcome.value, 'resolves to what the server sent').toEqual(JSON.parse(Buffer.from(sent).toString()));
    }
  } else if (outcome.ok === false) {
    const { error } = outcome;
    expect(documentedClass(error), 'rejects with a class of the errors table').toBe((error as Error).name);
    const shown = everythingShown(error);
    for (const secret of [c.token, COOKIE, PROXY, LOCATION_PASSWORD])
      expect(leakedPieces(shown, secret), 'pieces of a secret in the error').toEqual([]);
    if ((error as Error).name === 'APIConnectionTimeoutError')
      // libuv counts whole milliseconds
      expect(outcome.ms, 'a timeout never comes before the deadline').toBeGreaterThanOrEqual(c.timeoutMs - 2);
  }
  const end = outcome.ok === true ? 'data' : outcome.ok === false ? String((outcome.error as Error)?.name) : 'pending';
  ends.set(end, (ends.get(end) ?? 0) + 1);
  const rejectedAsArgument =
    outcome.ok === false && isAuthentikError(outcome.error) && outcome.error.name === 'InvalidArgumentError';
  if (controller) expect(abortListeners(controller.signal), "listeners left on the caller's signal").toBe(0);
  // At most as many as before: timers of the test runner's own may end meanwhile.
  expect(activeTimers(), 'timers left behind').toBeLessThanOrEqual(timersBefore);
  await quiesce(() => !busy(), 50);
  // The server's two ports and a few keep-alive connections, each seen from both ends: a socket left per case would
  // pile up.
  expect(activeSockets() - socketsBefore, 'sockets piling up across cases').toBeLessThanOrEqual(16);
  checkRequests(c, arrivals, rejectedAsArgument);
  afterwards.push(() => checkRequests(c, arrivals, rejectedAsArgument));
}

test(
  `every call to a hostile server settles by its deadline with contract data or a documented error, and leaks nothing (${RUNS.numRuns} cases, seed ${RUNS.seed})`,
  async () => {
    console.log(`properties-server: seed ${RUNS.seed}, numRuns ${RUNS.numRuns}`);
    await fc.assert(fc.asyncProperty(hostileCase, runCase), RUNS);
    console.log(`properties-server: how the cases ended: ${JSON.stringify(Object.fromEntries([...ends].sort()))}`);
  },
  RUNS.testTimeoutMs,
);

// Found by the property above: the error's body was redacted by a walk that overflowed the stack.
test('a 503 whose JSON body is nested thousands of levels deep rejects with InternalServerError, not a bare RangeError', async () => {
  // Deep enough to overflow the stack of a worker thread whatever V8 has optimised by then (12 000 levels do only
  // sometimes).
  const depth = 60_000;
  const { base } = server.open([
    {
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
      delayMs: 0,
    },
  ]);
  const stages = createAuthentikClient({
    baseUrl: base,
    token: 'tkSecretTokenOfTheCaller',
    maxRetries: 0,
  }).passwordStages;
  const error = await stages.retrieve('3fa85f64-5717-4562-b3fc-2c963f66afa6').catch((caught: unknown) => caught);
  expect(documentedClass(error)).toBe('InternalServerError');
});
