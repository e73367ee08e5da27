// The CPU the SDK's call adds per retrieve on top of the generated operation sent through the SDK's own client,
// with no socket in the way: every client gets the same in-memory fetch, which answers the fixture at once.
// Loopback runs swing by tens of µs per call from round to round; this isolates the SDK's own work (its fetch,
// deadline, validation, typed results). `hey-api` is the operation on a client of hey-api's defaults, for scale.
import { createClient, createConfig } from '../generated/hey-api/client/index.js';
import { stagesPasswordRetrieve } from '../generated/hey-api/sdk.gen.js';
import { createAuthentikClient, type ClientOptions } from '../src/index.js';
import { STAGE, STAGE_UUID, TOKEN } from './fixture.js';

const rounds = Number(process.argv[2] ?? 7);
const count = Number(process.argv[3] ?? 20_000);
const body = JSON.stringify(STAGE);
const fetch = (async () =>
  new Response(body, {
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
  })) as typeof globalThis.fetch;
const baseUrl = 'http://127.0.0.1:1/api/v3';
const bare = createClient(createConfig({ baseUrl, auth: TOKEN, fetch }));
const sdk = (options: ClientOptions) =>
  createAuthentikClient({ baseUrl, token: TOKEN, fetch, ...options }).passwordStages;
const own = createAuthentikClient({ baseUrl, token: TOKEN, fetch }).client;
const clients: Record<string, () => Promise<unknown>> = {
  'hey-api': async () => (await stagesPasswordRetrieve({ client: bare, path: { stage_uuid: STAGE_UUID } })).data,
  generated: async () => (await stagesPasswordRetrieve({ client: own, path: { stage_uuid: STAGE_UUID } })).data,
  sdk: (
    (stages) => () =>
      stages.retrieve(STAGE_UUID)
  )(sdk({})),
  'sdk-off': (
    (stages) => () =>
      stages.retrieve(STAGE_UUID)
  )(sdk({ validation: 'off' })),
};
const samples: Record<string, number[]> = {};
for (const call of Object.values(clients)) for (let i = 0; i < count / 5; i++) await call();
for (let round = 0; round < rounds; round++) {
  for (const [name, call] of Object.entries(clients)) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i++) await call();
    const used = process.cpuUsage(cpu);
    (samples[name] ??= []).push((used.user + used.system) / count);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
// The SDK's share is paired round by round, so that drift in a shared machine cancels out.
const over = (name: string) => median(samples[name]!.map((value, round) => value - samples.generated![round]!));
const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
console.log(
  JSON.stringify({ ...medians, 'sdk-over-generated': over('sdk'), 'sdk-off-over-generated': over('sdk-off') }),
);
