// Nanoseconds per checked stage answer: the generated valibot schema the SDK validates answers with, in the
// tolerant mode (issues a newer server may cause are then dropped) and the strict one (the same parse).
import { safeParse } from 'valibot';
import { vStagesPasswordRetrieveResponse } from '../generated/hey-api/valibot.gen.js';
import { STAGE } from './fixture.js';

const count = Number(process.argv[2] ?? 100_000);
const perCall = (check: () => unknown) => {
  for (let i = 0; i < 1_000; i++) check();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) check();
  return Number(process.hrtime.bigint() - started) / count;
};
const tolerant = perCall(() => safeParse(vStagesPasswordRetrieveResponse, STAGE).success || null);
const strict = perCall(() => safeParse(vStagesPasswordRetrieveResponse, STAGE).success);
console.log(JSON.stringify({ tolerant, strict }));
