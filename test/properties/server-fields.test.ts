// Property: whatever undeclared keys a server puts where (a stage, a list page, its pagination, a stage's flows) and
// from whichever origin, a later write sends exactly the undeclared stage fields baseUrl's server sent in a stage
// object, refuses every other unknown name as the caller's typo with nothing sent, and never blames the caller for a
// server's field, however many names came before. Replay a failure with FC_SEED and FC_PATH (test/support/promises.ts).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { vPasswordStage } from '../../generated/hey-api/valibot.gen.js';
import { InvalidArgumentError } from '../../src/index.js';
import {
  DOCUMENTED_EXAMPLE,
  fakeClient,
  json,
  PAGE,
  propertyRuns,
  rejectionOf,
  STAGE_UUID,
  type RecordedRequest,
} from '../support/index.js';

const RUNS = propertyRuns(60, 40);
const ELSEWHERE = 'https://elsewhere.example.com/moved/';
const PAGE_KEYS = new Set([...Object.keys(PAGE), ...Object.keys(PAGE.pagination)]);
const FLOW_KEYS = new Set(Object.keys(DOCUMENTED_EXAMPLE.flow_set[0]!));
const name = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,15}$/)
  .filter((key) => !Object.hasOwn(vPasswordStage.entries, key) && !PAGE_KEYS.has(key) && !FLOW_KEYS.has(key));
const names = fc.uniqueArray(name, { maxLength: 4 });
const extra = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 1]));

/** One read: what the answer carries, where, and whether a redirect led to another origin for it. */
const read = fc.oneof(
  fc.record({ call: fc.constant('retrieve' as const), stage: names, elsewhere: fc.boolean() }),
  fc.record({
    call: fc.constant('list' as const),
    stages: fc.array(names, { maxLength: 3 }),
    page: names,
    pagination: names,
    flow: names,
    elsewhere: fc.boolean(),
  }),
);
type Read = typeof read extends fc.Arbitrary<infer T> ? T : never;

function answerTo(step: Read): unknown {
  if (step.call === 'retrieve') return { ...DOCUMENTED_EXAMPLE, ...extra(step.stage) };
  const flow = { ...DOCUMENTED_EXAMPLE.flow_set[0], ...extra(step.flow) };
  return {
    ...PAGE,
    ...extra(step.page),
    pagination: { ...PAGE.pagination, ...extra(step.pagination) },
    results: step.stages.map((keys) => ({ ...DOCUMENTED_EXAMPLE, flow_set: [flow], ...extra(keys) })),
  };
}

/** A client whose server answers the reads in turn, through a redirect to another origin where a read says so. */
function serving(reads: readonly Read[]) {
  let at = 0;
  return fakeClient((request: RecordedRequest) => {
    if (request.method !== 'GET') return json({ ...DOCUMENTED_EXAMPLE, ...JSON.parse(request.body ?? '{}') });
    const step = reads[request.url.startsWith(ELSEWHERE) ? at++ : at]!;
    if (step.elsewhere && !request.url.startsWith(ELSEWHERE)) {
      return new Response(null, { status: 302, headers: { location: ELSEWHERE } });
    }
    if (!request.url.startsWith(ELSEWHERE)) at++;
    return json(answerTo(step));
  });
}

test(
  "a write sends exactly the undeclared fields baseUrl's server sent in a stage, and refuses every other unknown name",
  async () => {
    const scenario = fc.record({ reads: fc.array(read, { minLength: 1, maxLength: 4 }), typos: names });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ reads, typos }) => {
        const { stages, requests } = serving(reads);
        for (const step of reads) await (step.call === 'retrieve' ? stages.retrieve(STAGE_UUID) : stages.list());
        const own = reads
          .filter((step) => !step.elsewhere)
          .flatMap((step) => (step.call === 'retrieve' ? step.stage : step.stages.flat()));
        const elsewhere = reads.flatMap((step) =>
          step.call === 'retrieve'
            ? step.stage
            : [...step.stages.flat(), ...step.page, ...step.pagination, ...step.flow],
        );
        const unknown = [...new Set([...elsewhere, ...typos])].filter((key) => !own.includes(key));
        const reads_ = requests.length;
        if (own.length) {
          await stages.patch(STAGE_UUID, extra(own) as never);
          expect(JSON.parse(requests.at(-1)!.body!)).toEqual(extra(own));
        }
        // valibot names the first unknown key of an object only: each is tried on its own.
        for (const key of unknown) {
          const error = await rejectionOf(stages.patch(STAGE_UUID, { [key]: 1 } as never), InvalidArgumentError);
          expect(error.problems).toEqual([{ path: key, message: 'is not in the contract' }]);
        }
        expect(requests).toHaveLength(reads_ + (own.length ? 1 : 0));
      }),
      RUNS,
    );
  },
  RUNS.testTimeoutMs,
);

test(
  "however many names a server sent before, a stage is written back as retrieved, and none of the server's names is a typo",
  async () => {
    const counts = fc.record({ before: fc.nat(1_600), fields: fc.nat(1_600) });
    await fc.assert(
      fc.asyncProperty(counts, async ({ before, fields }) => {
        const earlier = Array.from({ length: before }, (_, index) => `earlier_${index}`);
        const own = [...Array.from({ length: fields }, (_, index) => `setting_${index}`), 'lockout_duration'];
        const reads: Read[] = [
          { call: 'retrieve', stage: earlier, elsewhere: false },
          { call: 'retrieve', stage: own, elsewhere: false },
        ];
        const { stages, requests } = serving(reads);
        await stages.retrieve(STAGE_UUID);
        const stage = await stages.retrieve(STAGE_UUID);
        await stages.update(STAGE_UUID, stage as never);
        expect(JSON.parse(requests.at(-1)!.body!)).toMatchObject(extra(own));
        await stages.patch(STAGE_UUID, { lockout_duration: 'minutes=5', [earlier[0] ?? own[0]!]: 2 } as never);
        expect(requests.map(({ method }) => method)).toEqual(['GET', 'GET', 'PUT', 'PATCH']);
      }),
      { ...RUNS, numRuns: Math.ceil(RUNS.numRuns / 3) },
    );
  },
  RUNS.testTimeoutMs,
);
