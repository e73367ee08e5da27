import type {
  PaginatedPasswordStageList,
  PasswordStage,
  PasswordStageRequest,
  PatchedPasswordStageRequest,
  StagesPasswordListData,
  StagesPasswordRetrieveData,
  StagesPasswordUsedByListData,
  UsedBy,
} from '../generated/hey-api/types.gen.js';
import { InvalidArgumentError } from './errors.js';
import { send, type Transport, type WithResponse } from './http.js';
import type { RequestOptions } from './options.js';

/** Filters, search, ordering and paging of `list`, as the API names them. */
export type PasswordStageListQuery = NonNullable<StagesPasswordListData['query']>;

// The paths as the generated types spell them, so a renamed path in the spec fails the typecheck here.
const COLLECTION: StagesPasswordListData['url'] = '/stages/password/';
const ITEM: StagesPasswordRetrieveData['url'] = '/stages/password/{stage_uuid}/';
const USED_BY: StagesPasswordUsedByListData['url'] = '/stages/password/{stage_uuid}/used_by/';

type Checks = typeof import('./checks.js');
let checks: Promise<Checks> | undefined;
// Loaded once, on the first call, then shared: it holds only the schemas generated from the spec.
const loadChecks = (): Promise<Checks> => (checks ??= import('./checks.js'));

function itemPath({ isStageUuid }: Checks, template: typeof ITEM | typeof USED_BY, stageUuid: unknown): string {
  if (!isStageUuid(stageUuid)) {
    const got = typeof stageUuid === 'string' ? JSON.stringify(stageUuid.length > 60 ? `${stageUuid.slice(0, 60)}…` : stageUuid) : typeof stageUuid;
    throw new InvalidArgumentError('stageUuid', [{ path: 'stageUuid', message: `must be a UUID string, got ${got}` }]);
  }
  return template.replace('{stage_uuid}', encodeURIComponent(stageUuid));
}

/** The password-stage calls, each resolving to the data together with the HTTP response. */
export function passwordStagesWithResponse(transport: Transport) {
  return {
    /** One password stage by its uuid. */
    async retrieve(stageUuid: string, options?: RequestOptions): Promise<WithResponse<PasswordStage>> {
      const checks = await loadChecks();
      const path = itemPath(checks, ITEM, stageUuid);
      return send(transport, { method: 'GET', path, response: checks.responses.stage }, options);
    },
    /** One page of password stages, with pagination. */
    async list(query: PasswordStageListQuery = {}, options?: RequestOptions): Promise<WithResponse<PaginatedPasswordStageList>> {
      const { requests, responses } = await loadChecks();
      requests.listQuery(query);
      return send(transport, { method: 'GET', path: COLLECTION, query, response: responses.page }, options);
    },
    /** Creates a password stage. */
    async create(body: PasswordStageRequest, options?: RequestOptions): Promise<WithResponse<PasswordStage>> {
      const { requests, responses } = await loadChecks();
      requests.create(body);
      return send(transport, { method: 'POST', path: COLLECTION, body, response: responses.stage }, options);
    },
    /** Replaces a password stage's settings. */
    async update(stageUuid: string, body: PasswordStageRequest, options?: RequestOptions): Promise<WithResponse<PasswordStage>> {
      const checks = await loadChecks();
      const path = itemPath(checks, ITEM, stageUuid);
      checks.requests.update(body);
      return send(transport, { method: 'PUT', path, body, response: checks.responses.stage }, options);
    },
    /** Changes only the given settings of a password stage. */
    async patch(stageUuid: string, body: PatchedPasswordStageRequest, options?: RequestOptions): Promise<WithResponse<PasswordStage>> {
      const checks = await loadChecks();
      const path = itemPath(checks, ITEM, stageUuid);
      checks.requests.patch(body);
      return send(transport, { method: 'PATCH', path, body, response: checks.responses.stage }, options);
    },
    /** Deletes a password stage. */
    async delete(stageUuid: string, options?: RequestOptions): Promise<WithResponse<void>> {
      return send(transport, { method: 'DELETE', path: itemPath(await loadChecks(), ITEM, stageUuid) }, options);
    },
    /** The objects that use this password stage, and what deleting it would do to each. */
    async usedBy(stageUuid: string, options?: RequestOptions): Promise<WithResponse<UsedBy[]>> {
      const checks = await loadChecks();
      const path = itemPath(checks, USED_BY, stageUuid);
      return send(transport, { method: 'GET', path, response: checks.responses.usedBy }, options);
    },
  };
}

type RawMethods = ReturnType<typeof passwordStagesWithResponse>;
type DataOnly<M> = { [K in keyof M]: M[K] extends (...args: infer A) => Promise<WithResponse<infer T>> ? (...args: A) => Promise<T> : never };

/** The password-stage calls of one client. */
export type PasswordStages = DataOnly<RawMethods> & {
  /** Every password stage across all pages; the next page is fetched only when the previous one is used up. */
  listAll(query?: Omit<PasswordStageListQuery, 'page'>, options?: RequestOptions): AsyncIterableIterator<PasswordStage>;
  /** The same calls, each resolving to `{ data, response }` for callers that need status or headers. */
  withResponse: RawMethods;
};

export function passwordStages(transport: Transport): PasswordStages {
  const raw = passwordStagesWithResponse(transport);
  const unwrap = <A extends unknown[], T>(method: (...args: A) => Promise<WithResponse<T>>) =>
    (...args: A): Promise<T> => method(...args).then((result) => result.data);
  return {
    retrieve: unwrap(raw.retrieve),
    list: unwrap(raw.list),
    create: unwrap(raw.create),
    update: unwrap(raw.update),
    patch: unwrap(raw.patch),
    delete: unwrap(raw.delete),
    usedBy: unwrap(raw.usedBy),
    async *listAll(query = {}, options) {
      for (let page: number | undefined = 1; page; ) {
        const { pagination, results }: PaginatedPasswordStageList = (await raw.list({ ...query, page }, options)).data;
        yield* results;
        // authentik reports the next page's number, or 0 on the last page.
        page = pagination.next > page ? pagination.next : undefined;
      }
    },
    withResponse: raw,
  };
}
