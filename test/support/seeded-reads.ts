import { seededMocks } from './prism-seeded.js';
import { createAuthentikClient, type AuthentikClient, type ValidationMode } from '../../src/index.js';
import { STAGE_UUID, TOKEN } from './fixtures.js';

export const READS = {
  retrieve: (client: AuthentikClient) => client.passwordStages.retrieve(STAGE_UUID),
  list: (client: AuthentikClient) => client.passwordStages.list(),
  usedBy: (client: AuthentikClient) => client.passwordStages.usedBy(STAGE_UUID),
};
export type Read = keyof typeof READS;

/**
 * Runs every read against one dynamic Prism mock of `spec` per seed. An answer counts as accepted when the SDK
 * resolved to exactly what the server sent (no field dropped or added); anything else is listed in `problems`.
 */
export async function seededReads(
  spec: string,
  seeds: readonly number[],
  validation: ValidationMode,
  fillProperties: boolean,
) {
  const mocks = await seededMocks(spec, { fillProperties });
  const accepted: Record<Read, number> = { retrieve: 0, list: 0, usedBy: 0 };
  const problems: string[] = [];
  for (const seed of seeds) {
    const mock = await mocks.start(seed);
    let sent: unknown;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      sent = await response.clone().json();
      return response;
    };
    const client = createAuthentikClient({ baseUrl: mock.url, token: TOKEN, fetch, validation });
    try {
      for (const [name, read] of Object.entries(READS) as [Read, (typeof READS)[Read]][]) {
        const data = await read(client).catch((error: Error) =>
          problems.push(`seed ${seed} ${name}: ${error.message}`),
        );
        if (typeof data === 'number') continue;
        if (JSON.stringify(data) === JSON.stringify(sent)) accepted[name]++;
        else problems.push(`seed ${seed} ${name}: the answer differs from what the server sent`);
      }
    } finally {
      await mock.stop();
    }
  }
  return { accepted, problems };
}
