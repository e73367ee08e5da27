// One client in one process: runs the batches the orchestrator asks for and reports their times.
import { STAGE_UUID, TOKEN, isExpectedStage } from './fixture.js';
import { create } from 'bench-client';

export type Batch = { kind: 'sequential'; count: number } | { kind: 'in-flight'; count: number; inFlight: number };

const retrieve = create(process.env.BENCH_BASE_URL!, TOKEN);

async function checked(): Promise<void> {
  const stage = await retrieve(STAGE_UUID);
  if (!isExpectedStage(stage)) throw new Error(`wrong result: ${JSON.stringify(stage).slice(0, 200)}`);
}

async function run(batch: Batch): Promise<number> {
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
  return Number(process.hrtime.bigint() - started);
}

process.on('message', (batch: Batch) => {
  run(batch).then(
    (ns) => process.send!({ ns }),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
