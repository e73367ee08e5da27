// Import plus first result in a fresh process: the time from before the client module's import to its first
// checked retrieve, printed in milliseconds. The module is built to BENCH_MODULE (raw fetch: an empty client).
import { STAGE_UUID, TOKEN, isExpectedStage } from './fixture.js';

const started = performance.now();
const { create } = (await import(process.env.BENCH_MODULE!)) as typeof import('bench-client');
const stage = await create(process.env.BENCH_BASE_URL!, TOKEN)(STAGE_UUID);
if (!isExpectedStage(stage)) throw new Error('wrong result');
console.log(performance.now() - started);
