// One client in one process: runs the batches the orchestrator asks for and reports their wall and CPU times.
import { STAGE_UUID, TOKEN, isExpectedStage } from './fixture.js';
import { create } from 'bench-client';

export type Batch = { kind: 'sequential'; count: number } | { kind: 'in-flight'; count: number; inFlight: number };
export interface Timing {
  wallNs: number;
  /** User plus system CPU time of this process, in microseconds. */
  cpuUs: number;
}

const retrieve = create(process.env.BENCH_BASE_URL!, TOKEN);

async function checked(): Promise<void> {
  const stage = await retrieve(STAGE_UUID);
  if (!isExpectedStage(stage)) throw new Error(`wrong result: ${JSON.stringify(stage).slice(0, 200)}`);
}

async function run(batch: Batch): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  if (batch.kind === 'sequential') {
    for (let i = 0; i < batch.count; i++) await checked();
  } else {
    let next = 0;
    const worker = async () => {
      while (next++ < batch.count) await checked();
    };
    await Promise.all(Array.from({ length: batch.inFlight }, worker));
  }
  const used = process.cpuUsage(cpu);
  return { wallNs: Number(process.hrtime.bigint() - started), cpuUs: used.user + used.system };
}

process.on('message', (batch: Batch) => {
  run(batch).then(
    (timing) => process.send!(timing),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
