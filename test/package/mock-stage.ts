import { STAGE_UUID } from '../support/fixtures.js';

/** The stage uuid every consumer retrieves; the mock answers its documented example for any uuid. */
export { STAGE_UUID };

/** The fields of the mock's stage that the consumers print. */
export interface MockStage {
  pk: string;
  name: string;
  backends: string[];
  flow_set?: unknown[];
}

/** The stage exactly as the mock serves it, read with plain fetch so that the SDK under test plays no part in it. */
export async function fetchMockStage(prismUrl: string): Promise<MockStage> {
  const url = `${prismUrl}/stages/password/${STAGE_UUID}/`;
  const response = await fetch(url, { headers: { authorization: 'Bearer mock-token', accept: 'application/json' } });
  if (!response.ok) throw new Error(`The mock answered ${response.status} to GET ${url}: ${await response.text()}`);
  return (await response.json()) as MockStage;
}
