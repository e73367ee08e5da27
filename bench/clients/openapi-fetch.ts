// openapi-fetch typed by openapi-typescript's view of our fragment.
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';

export function create(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  return async (stageUuid: string): Promise<unknown> => {
    const { data, error } = await client.GET('/stages/password/{stage_uuid}/', {
      params: { path: { stage_uuid: stageUuid } },
    });
    if (error) throw new Error(JSON.stringify(error));
    return data;
  };
}
