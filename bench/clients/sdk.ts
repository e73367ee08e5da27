// This SDK in its default configuration: validation, timeout and retries on.
import { createAuthentikClient } from '../../src/index.js';

export function create(baseUrl: string, token: string) {
  const stages = createAuthentikClient({ baseUrl, token }).passwordStages;
  return (stageUuid: string): Promise<unknown> => stages.retrieve(stageUuid);
}
