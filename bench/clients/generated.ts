// The floor of this SDK's design: the generated operation on a bare generated client (no validation, deadline,
// retries or redirect handling).
import { createClient, createConfig } from '../../generated/hey-api/client/index.js';
import { stagesPasswordRetrieve } from '../../generated/hey-api/sdk.gen.js';

export function create(baseUrl: string, token: string) {
  const client = createClient(createConfig({ baseUrl, auth: token }));
  return async (stageUuid: string): Promise<unknown> => {
    const { data, error } = await stagesPasswordRetrieve({ client, path: { stage_uuid: stageUuid } });
    if (error) throw new Error(JSON.stringify(error));
    return data;
  };
}
