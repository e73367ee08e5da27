// authentik's own generated client, @goauthentik/api. Its tarball lacks the files its "main" and "types" name,
// so the "esm" build (which is CommonJS inside) is imported by path, as bundlers resolve it.
import { Configuration, StagesApi } from '@goauthentik/api/dist/esm/index.js';

export function create(baseUrl: string, token: string) {
  const api = new StagesApi(new Configuration({ basePath: baseUrl, accessToken: token }));
  return (stageUuid: string): Promise<unknown> => api.stagesPasswordRetrieve({ stageUuid });
}
