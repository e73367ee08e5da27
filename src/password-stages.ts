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
  vPasswordStage,
  vPasswordStageRequest,
  vStagesPasswordListResponse,
  vStagesPasswordRetrieveResponse,
  vStagesPasswordUsedByListResponse,
} from '../generated/hey-api/valibot.gen.js';
import type { Context, RequestOptions, WithResponse } from './options.js';
import { run, type Operation } from './run.js';

/** Filters, search, ordering and paging of `list`, as the API names them. */
export type PasswordStageListQuery = NonNullable<StagesPasswordListData['query']>;

// The URL templates are the generated operations' own (`…Data['url']`): a path renamed in the spec fails the typecheck
// here.
const op = <D extends { url: string }>(
  send: Operation['send'],
  method: string,
  url: D['url'],
  what: string,
  answer?: Operation['answer'],
): Operation => ({ send, method, url, what, answer });
const RETRIEVE = op<StagesPasswordRetrieveData>(
  sdk.stagesPasswordRetrieve,
  'GET',
  '/stages/password/{stage_uuid}/',
  'stageUuid',
  vStagesPasswordRetrieveResponse,
);
const LIST = op<StagesPasswordListData>(
  sdk.stagesPasswordList,
  'GET',
  '/stages/password/',
  'list query',
  vStagesPasswordListResponse,
);
const CREATE = op<StagesPasswordCreateData>(
  sdk.stagesPasswordCreate,
  'POST',
  '/stages/password/',
  'password stage',
  vStagesPasswordRetrieveResponse,
);
const UPDATE = op<StagesPasswordUpdateData>(
  sdk.stagesPasswordUpdate,
  'PUT',
  '/stages/password/{stage_uuid}/',
  'password stage',
  vStagesPasswordRetrieveResponse,
);
const PATCH = op<StagesPasswordPartialUpdateData>(
  sdk.stagesPasswordPartialUpdate,
  'PATCH',
  '/stages/password/{stage_uuid}/',
  'password stage patch',
  vStagesPasswordRetrieveResponse,
);
const DELETE = op<StagesPasswordDestroyData>(
  sdk.stagesPasswordDestroy,
  'DELETE',
  '/stages/password/{stage_uuid}/',
  'stageUuid',
);
const USED_BY = op<StagesPasswordUsedByListData>(
  sdk.stagesPasswordUsedByList,
  'GET',
  '/stages/password/{stage_uuid}/used_by/',
  'stageUuid',
  vStagesPasswordUsedByListResponse,
);

// What every stage answer carries and no request takes (pk, component, flow_set, …): Django REST framework ignores them
// in a body.
const READ_ONLY = new Set(
  Object.keys(vPasswordStage.entries).filter((key) => !Object.hasOwn(vPasswordStageRequest.entries, key)),
);

// A retrieved stage can be sent back: read-only fields are left out, and an undeclared field goes unchecked when this
// client's server sent it in a stage (a newer authentik's setting); any other stays in, for the generated request
// validator to reject as a typo.
function writable(context: Context, body: unknown): { body: unknown; bodySerializer?: () => string } {
  const extra = (key: string) => !Object.hasOwn(vPasswordStageRequest.entries, key) && context.serverFields.has(key);
  if (typeof body !== 'object' || body === null || !Object.keys(body).some((key) => READ_ONLY.has(key) || extra(key)))
    return { body };
  const sent = Object.fromEntries(Object.entries(body).filter(([key]) => !READ_ONLY.has(key)));
  const checked = Object.fromEntries(Object.entries(sent).filter(([key]) => !extra(key)));
  return Object.keys(checked).length === Object.keys(sent).length
    ? { body: checked }
    : { body: checked, bodySerializer: () => JSON.stringify(sent) };
}

const at = (stageUuid: string) => ({ path: { stage_uuid: stageUuid } });

/** The password-stage calls, each resolving to the data together with the HTTP response. */
function passwordStagesWithResponse(context: Context) {
  const list = (
    query: PasswordStageListQuery = {},
    options?: RequestOptions,
  ): Promise<WithResponse<PaginatedPasswordStageList>> => run(context, LIST, { query }, options);
  return {
    /** One password stage by its uuid. */
    retrieve: (stageUuid: string, options?: RequestOptions): Promise<WithResponse<PasswordStage>> =>
      run(context, RETRIEVE, at(stageUuid), options),
    /** One page of password stages, with pagination. */
    list,
    /** Every page from `query.page` (default 1) on; the next page is fetched only when the previous one is used up. */
    async *listAll(
      query: PasswordStageListQuery = {},
      options?: RequestOptions,
    ): AsyncIterableIterator<WithResponse<PaginatedPasswordStageList>> {
      // The first page is asked for as given, so that a page the contract does not allow (0, say) is refused as list()
      // refuses it.
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
      run(context, CREATE, writable(context, body), options),
    /**
     * Replaces a password stage's settings; `{ ...await retrieve(uuid), name: 'new' }` works: read-only fields are left
     * out.
     */
    update: (
      stageUuid: string,
      body: PasswordStageRequest,
      options?: RequestOptions,
    ): Promise<WithResponse<PasswordStage>> =>
      run(context, UPDATE, { ...at(stageUuid), ...writable(context, body) }, options),
    /**
     * Changes only the given settings of a password stage (a retrieved stage, spread and changed, is taken as it is).
     */
    patch: (
      stageUuid: string,
      body: PatchedPasswordStageRequest,
      options?: RequestOptions,
    ): Promise<WithResponse<PasswordStage>> =>
      run(context, PATCH, { ...at(stageUuid), ...writable(context, body) }, options),
    /** Deletes a password stage. */
    delete: (stageUuid: string, options?: RequestOptions): Promise<WithResponse<void>> =>
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
  /**
   * The same calls, each resolving to `{ data, response }` (`listAll`: one per page) for callers that need status or
   * headers.
   */
  withResponse: RawCalls;
};

export function passwordStages(context: Context): PasswordStages {
  const raw = passwordStagesWithResponse(context);
  const data =
    <A extends unknown[], T>(call: (...args: A) => Promise<WithResponse<T>>) =>
    (...args: A) =>
      call(...args).then((result) => result.data);
  return {
    retrieve: data(raw.retrieve),
    list: data(raw.list),
    create: data(raw.create),
    update: data(raw.update),
    patch: data(raw.patch),
    delete: data(raw.delete),
    usedBy: data(raw.usedBy),
    async *listAll(query, options) {
      for await (const page of raw.listAll(query, options)) yield* page.data.results;
    },
    withResponse: raw,
  };
}
