import { createServer, type ServerResponse } from 'node:http';
import { DOCUMENTED_EXAMPLE, listenOnLoopback, sendJson } from './index.js';

/** What the server does instead of answering with the stage. */
export type Fault = 'unavailable' | 'rate-limited' | 'reset' | 'cut' | 'hang' | 'malformed';

/**
 * How the server treats every request for one stage uuid: the fault on every attempt (`once: false`) or only on
 * the first, the retry then getting the stage. A plan belongs to a call, not to a request number, so each call's
 * fate holds however retries and concurrency interleave the requests.
 */
export interface Plan {
  name: string;
  fault?: Fault;
  once?: boolean;
  /** The call is a `create` (POST), which the server always answers with 503. */
  create?: boolean;
}

export const PLANS = [
  { name: 'ok' },
  { name: '503 then the stage', fault: 'unavailable', once: true },
  { name: '503 every time', fault: 'unavailable' },
  { name: '429 then the stage', fault: 'rate-limited', once: true },
  { name: '429 every time', fault: 'rate-limited' },
  { name: 'reset then the stage', fault: 'reset', once: true },
  { name: 'reset every time', fault: 'reset' },
  { name: 'cut body then the stage', fault: 'cut', once: true },
  { name: 'cut body every time', fault: 'cut' },
  { name: 'body never finishes', fault: 'hang' },
  { name: 'malformed JSON', fault: 'malformed' },
  { name: 'create answered 503', create: true },
] as const satisfies readonly Plan[];

export type PlanName = (typeof PLANS)[number]['name'];

const [ORDINARY, ...SPECIAL] = PLANS;
/** One call in this many meets a special plan; the others are ordinary. */
const SPACING = 6;

// The call number decides the plan: a cycle holds every special plan once, SPACING slots apart with ordinary calls
// between them, so faults are spread evenly and come in a fixed order. With the 11 special plans above it is 61
// calls long; a plan added to PLANS lengthens it, so every plan declared is run.
export const CYCLE = (SPECIAL.length - 1) * SPACING + 1;

export function planOf(call: number): Plan & { name: PlanName } {
  const slot = call % CYCLE;
  return slot % SPACING === 0 ? SPECIAL[slot / SPACING]! : ORDINARY;
}

/** The stage uuid a call asks for: its plan's number in the first group, the call number in the last. */
export function stageUuidOf(call: number): string {
  const plan = PLANS.findIndex(({ name }) => name === planOf(call).name);
  return `${plan.toString(16).padStart(8, '0')}-0000-4000-8000-${call.toString(16).padStart(12, '0')}`;
}

/** The stage the server answers for `stageUuid`: the documented example, carrying the uuid asked for. */
export function stageFor(stageUuid: string) {
  return { ...DOCUMENTED_EXAMPLE, pk: stageUuid };
}

const STAGE_PATH = /^\/stages\/password\/([0-9a-f]{8})-0000-4000-8000-[0-9a-f]{12}\/$/;

/** Counts of what the server saw and did, for the run's report and its exact checks. */
export interface Tally {
  requests: number;
  posts: number;
  /** Requests per plan name. */
  byPlan: Record<string, number>;
  /** Faults staged, per fault. */
  faults: Record<Fault, number>;
  /** Bodies that never finish: started, and closed (by the client giving up on them). */
  hung: { started: number; closed: number };
}

/** A loopback server that answers each request as the plan of its stage uuid says; the caller closes it. */
export async function startSoakServer() {
  // Stage uuids of `once` plans that met their fault and await their retry; held no longer, so the
  // server's memory stays flat however many calls a run makes.
  const awaitingRetry = new Set<string>();
  const tally: Tally = {
    requests: 0,
    posts: 0,
    byPlan: {},
    faults: { unavailable: 0, 'rate-limited': 0, reset: 0, cut: 0, hang: 0, malformed: 0 },
    hung: { started: 0, closed: 0 },
  };
  const server = createServer((req, res) => {
    tally.requests++;
    req.resume();
    if (req.method === 'POST') {
      tally.posts++;
      return sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' });
    }
    const match = STAGE_PATH.exec(req.url ?? '');
    const plan = match ? PLANS[Number.parseInt(match[1]!, 16)] : undefined;
    if (!plan) return sendJson(res, 404, { detail: 'Not found.' });
    tally.byPlan[plan.name] = (tally.byPlan[plan.name] ?? 0) + 1;
    const stageUuid = req.url!.split('/')[3]!;
    let fault = 'fault' in plan ? plan.fault : undefined;
    if ('once' in plan) {
      if (awaitingRetry.delete(stageUuid)) fault = undefined;
      else awaitingRetry.add(stageUuid);
    }
    if (fault) tally.faults[fault]++;
    answer(res, fault, stageUuid, tally);
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, tally, close };
}

function answer(res: ServerResponse, fault: Fault | undefined, stageUuid: string, tally: Tally): void {
  const stage = JSON.stringify(stageFor(stageUuid));
  const half = stage.slice(0, stage.length / 2);
  switch (fault) {
    case undefined:
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(stage);
    case 'unavailable':
      return sendJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' });
    case 'rate-limited':
      return sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '0' });
    case 'reset':
      return void res.socket?.destroy();
    case 'cut':
      // The length promised is the full body's; the connection drops once half of it is on the wire.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(stage.length) });
      return void res.write(half, () => res.destroy());
    case 'hang':
      tally.hung.started++;
      res.on('close', () => tally.hung.closed++);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(stage.length) });
      return void res.write(half);
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(`{"pk": "${stageUuid}", "name": `);
  }
}
