// This SDK with response validation off (timeout and retries still on).
import { createAuthentikClient } from '../../src/index.js';

export function create(baseUrl: string, token: string) {
  const stages = createAuthentikClient({ baseUrl, token, validation: 'off' }).passwordStages;
  return (stageUuid: string): Promise<unknown> => stages.retrieve(stageUuid);
}
