// GET /stages/password/: django-filter's filters, DRF's search and ordering, and authentik's page format.
import type { PaginatedPasswordStageList, PasswordStage } from '../../generated/hey-api/types.gen.js';
import { answer, detail, MESSAGES } from './answers.js';
import type { FakeStage } from './state.js';

const PAGE_SIZE = 100;
const SORTABLE = new Set<keyof FakeStage>([
  'pk',
  'name',
  'configure_flow',
  'failed_attempts_before_cancel',
  'allow_show_password',
]);
const TRUE = new Set(['true', 'True', '1']);
const FALSE = new Set(['false', 'False', '0']);
const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';

/** PostgreSQL's order: nulls after everything else ascending, before it descending. */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as string) < (b as string) ? -1 : 1;
}

function filtered(
  stages: FakeStage[],
  query: URLSearchParams,
  flowPks: Set<string>,
): FakeStage[] | Record<string, string[]> {
  const value = (name: string) => query.get(name) || undefined; // django-filter ignores empty values
  const errors: Record<string, string[]> = {};
  let result = stages;
  const name = value('name');
  if (name !== undefined) result = result.filter((stage) => stage.name === name);
  const flow = value('configure_flow');
  if (flow !== undefined) {
    if (!flowPks.has(flow.toLowerCase())) errors.configure_flow = [INVALID_CHOICE];
    result = result.filter((stage) => stage.configure_flow === flow.toLowerCase());
  }
  const attempts = value('failed_attempts_before_cancel');
  if (attempts !== undefined) {
    if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(attempts)) errors.failed_attempts_before_cancel = ['Enter a number.'];
    result = result.filter((stage) => stage.failed_attempts_before_cancel === Number(attempts));
  }
  const show = value('allow_show_password');
  if (show !== undefined && (TRUE.has(show) || FALSE.has(show)))
    result = result.filter((stage) => stage.allow_show_password === TRUE.has(show));
  const terms = (query.get('search') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((term) => term.toLowerCase());
  result = result.filter((stage) => terms.every((term) => stage.name.toLowerCase().includes(term)));
  if (Object.keys(errors).length) return errors;
  const fields = (query.get('ordering') ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => SORTABLE.has(field.replace(/^-/, '') as keyof FakeStage));
  const keys = (fields.length ? fields : ['name']).map((field) => ({
    key: field.replace(/^-/, '') as keyof FakeStage,
    sign: field.startsWith('-') ? -1 : 1,
  }));
  return [...result].sort((a, b) => keys.reduce((order, { key, sign }) => order || sign * compare(a[key], b[key]), 0));
}

/** DRF's page number: a positive integer or `last`; anything else is not a page. */
function pageNumber(raw: string | null, pages: number): number | undefined {
  if (raw === null) return 1;
  if (raw === 'last') return pages;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) return undefined;
  const page = Number(raw);
  return page >= 1 && page <= pages ? page : undefined;
}

/** One page of stages, as authentik answers a list. */
export function listStages(
  stages: FakeStage[],
  url: URL,
  flowPks: Set<string>,
  serialize: (stage: FakeStage) => PasswordStage,
): Response {
  const matching = filtered(stages, url.searchParams, flowPks);
  if (!Array.isArray(matching)) return answer(400, matching);
  const requested = url.searchParams.get('page_size');
  // DRF uses its default for a page size that is not a positive integer.
  const size = requested && /^\s*\+?\d+\s*$/.test(requested) && Number(requested) > 0 ? Number(requested) : PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const page = pageNumber(url.searchParams.get('page'), pages);
  if (page === undefined) return detail(404, MESSAGES.invalidPage);
  const results = matching.slice((page - 1) * size, page * size);
  const start = matching.length ? (page - 1) * size + 1 : 0;
  const body: PaginatedPasswordStageList = {
    pagination: {
      next: page < pages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count: matching.length,
      current: page,
      total_pages: pages,
      start_index: start,
      end_index: matching.length ? start + results.length - 1 : 0,
    },
    results: results.map(serialize),
    autocomplete: {},
  };
  return answer(200, body);
}
