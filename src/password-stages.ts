import * as sdk from '../generated/hey-api/sdk.gen.js';
import type {
  PaginatedPasswordStageList,
  PasswordStage,
  PasswordStageRequest,
  PatchedPasswordStageRequest,
  StagesPasswordCreateData,
  StagesPasswordDestroyData,
  StagesPasswordListData,
  StagesPasswordPartialUpdateData,
  StagesPasswordRetrieveData,
  StagesPasswordUpdateData,
  StagesPasswordUsedByListData,
  UsedBy,
} from '../generated/hey-api/types.gen.js';
import {
  vStagesPasswordListResponse as vPage,
  vStagesPasswordRetrieveResponse as vStage,
  vStagesPasswordUsedByListResponse as vUsedBy,
} from '../generated/hey-api/valibot.gen.js';
import type { Context, RequestOptions, WithResponse } from './options.js';
import { run, type Operation } from './run.js';
import { writable } from './server-fields.js';

/** Filters, search, ordering and paging of `list`, as the API names them. */
export type PasswordStageListQuery = NonNullable<StagesPasswordListData['query']>;

// The URL templates are typed as the generated operations' own (`…Data['url']`): a path renamed in the spec fails the
// typecheck here.
type StageUrl = StagesPasswordRetrieveData['url'] &
  StagesPasswordUpdateData['url'] &
  StagesPasswordPartialUpdateData['url'] &
  StagesPasswordDestroyData['url'];
const STAGES: StagesPasswordListData['url'] & StagesPasswordCreateData['url'] = '/stages/password/';
const STAGE: StageUrl = '/stages/password/{stage_uuid}/';
const USED_BY_URL: StagesPasswordUsedByListData['url'] = '/stages/password/{stage_uuid}/used_by/';

// Where an answer's stages are, whose undeclared fields a write may send back: the answer itself, or a page's results.
const itself = (data: unknown) => [data];
const results = (data: unknown) => (data as PaginatedPasswordStageList).results;

// The generated function, its method and URL template, what its argument is called, its 2xx body's schema and stages.
const op = (send: unknown, method: string, url: string, what: string, answer?: Operation['answer'], stages = itself) =>
  ({ send, method, url, what, answer, stagesOf: answer && stages }) as Operation;
const RETRIEVE = op(sdk.stagesPasswordRetrieve, 'GET', STAGE, 'stageUuid', vStage);
const LIST = op(sdk.stagesPasswordList, 'GET', STAGES, 'list query', vPage, results);
const CREATE = op(sdk.stagesPasswordCreate, 'POST', STAGES, 'password stage', vStage);
const UPDATE = op(sdk.stagesPasswordUpdate, 'PUT', STAGE, 'password stage', vStage);
const PATCH = op(sdk.stagesPasswordPartialUpdate, 'PATCH', STAGE, 'password stage patch', vStage);
const DELETE = op(sdk.stagesPasswordDestroy, 'DELETE', STAGE, 'stageUuid');
const USED_BY = op(sdk.stagesPasswordUsedByList, 'GET', USED_BY_URL, 'stageUuid', vUsedBy, () => []);

const at = (stageUuid: string) => ({ path: { stage_uuid: stageUuid } });
type Page = WithResponse<PaginatedPasswordStageList>;

/** The password-stage calls, each resolving to the data together with the HTTP response. */
function passwordStagesWithResponse(context: Context) {
  const list = (query: PasswordStageListQuery = {}, options?: RequestOptions): Promise<Page> =>
    run(context, LIST, { query }, options);
  const written = (stageUuid: string, body: unknown) => ({ ...at(stageUuid), ...writable(context.serverFields, body) });
  return {
    /** One password stage by its uuid. */
    retrieve: (stageUuid: string, options?: RequestOptions): Promise<WithResponse<PasswordStage>> =>
      run(context, RETRIEVE, at(stageUuid), options),
    /** One page of password stages, with pagination. */
    list,
    /** Every page from `query.page` (default 1) on; the next page is fetched only when the previous one is used up. */
    async *listAll(query: PasswordStageListQuery = {}, options?: RequestOptions): AsyncIterableIterator<Page> {
      // The first page is asked for as given: a page the contract does not allow (0, say) is refused as list() does.
      for (let page = query.page ?? 1; ;) {
        const result = await list({ ...query, page }, options);
        yield result;
        // authentik reports the next page's number, or 0 on the last page.
        if (!(result.data.pagination.next > page)) return;
        page = result.data.pagination.next;
      }
    },
    /** Creates a password stage; a retrieved stage, spread and changed, is taken as it is (see `update`). */
    create: (body: PasswordStageRequest, options?: RequestOptions): Promise<WithResponse<PasswordStage>> =>
      run(context, CREATE, writable(context.serverFields, body), options),
    /** Replaces a stage's settings; `{ ...await retrieve(uuid), name: 'new' }` works: read-only fields are left out. */
    update: (stageUuid: string, body: PasswordStageRequest, options?: RequestOptions) =>
      run<PasswordStage>(context, UPDATE, written(stageUuid, body), options),
    /** Changes only the given settings of a password stage (a retrieved stage, spread and changed, is taken as it is). */
    patch: (stageUuid: string, body: PatchedPasswordStageRequest, options?: RequestOptions) =>
      run<PasswordStage>(context, PATCH, written(stageUuid, body), options),
    /** Deletes a password stage. */
    delete: (stageUuid: string, options?: RequestOptions): Promise<WithResponse<undefined>> =>
      run(context, DELETE, at(stageUuid), options),
    /** The objects that use this password stage, and what deleting it would do to each. */
    usedBy: (stageUuid: string, options?: RequestOptions): Promise<WithResponse<UsedBy[]>> =>
      run(context, USED_BY, at(stageUuid), options),
  };
}

type RawCalls = ReturnType<typeof passwordStagesWithResponse>;
type DataOnly<M> = {
  [K in keyof M]: M[K] extends (...args: infer A) => Promise<WithResponse<infer T>>
    ? (...args: A) => Promise<T>
    : never;
};

/** The password-stage calls of one client. */
export type PasswordStages = DataOnly<Omit<RawCalls, 'listAll'>> & {
  /** Every password stage across all pages; the next page is fetched only when the previous one is used up. */
  listAll(query?: PasswordStageListQuery, options?: RequestOptions): AsyncIterableIterator<PasswordStage>;
  /** The same calls, each resolving to `{ data, response }` (`listAll`: one per page), for status and headers. */
  withResponse: RawCalls;
};

export function passwordStages(context: Context): PasswordStages {
  const raw = passwordStagesWithResponse(context);
  const { listAll: _, ...single } = raw;
  type AnyCall = (...args: unknown[]) => Promise<WithResponse<unknown>>;
  const calls = Object.entries(single as Record<string, AnyCall>).map(([name, call]) => {
    return [name, (...args: unknown[]) => call(...args).then((result) => result.data)];
  });
  return {
    ...(Object.fromEntries(calls) as DataOnly<typeof single>),
    async *listAll(query, options) {
      for await (const page of raw.listAll(query, options)) yield* page.data.results;
    },
    withResponse: raw,
  };
}
