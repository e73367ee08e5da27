// The careless caller of the property tests: client options, call options, arguments, token providers and interceptors
// as fast-check arbitraries. Each choice is a name (so that a counterexample reads as a story) and says which option it
// breaks, if any: `problem` is the path InvalidArgumentError must name.
import fc from 'fast-check';
import { BAD_BODIES, VALID } from './bad-inputs.js';
import { DOCUMENTED_EXAMPLE } from './index.js';

type Choice<K extends string> = { kind: K; problem?: string | undefined };
// The first valid kind is the usual one, drawn half the time; a careless one about once in sixteen, so that most cases
// get past the client's creation to a call.
const pick = <V extends string, I extends string = never>(valid: readonly V[], invalid = {} as Record<I, string>) =>
  fc
    .oneof(
      { weight: 8, arbitrary: fc.constant<V | I>(valid[0]!) },
      { weight: 7, arbitrary: fc.constantFrom<V | I>(...valid) },
      ...(Object.keys(invalid).length
        ? [{ weight: 1, arbitrary: fc.constantFrom<V | I>(...(Object.keys(invalid) as I[])) }]
        : []),
    )
    .map((kind): Choice<V | I> => ({ kind, problem: (invalid as Record<string, string>)[kind] }));

export const BASE_URLS = pick(['valid', 'trailing-slash'], {
  'with-password': 'baseUrl',
  'empty-query': 'baseUrl',
  'empty-fragment': 'baseUrl',
  query: 'baseUrl',
  'not-a-url': 'baseUrl',
  ftp: 'baseUrl',
  number: 'baseUrl',
  missing: 'baseUrl',
});
export const TOKENS = pick(
  [
    'valid',
    'short',
    'provider',
    'async-provider',
    'provider-throws',
    'provider-rejects',
    'provider-hangs',
    'provider-junk',
    'provider-newline',
  ],
  {
    newline: 'token',
    bearer: 'token',
    buffer: 'token',
    number: 'token',
    empty: 'token',
    'inner-space': 'token',
  },
);
export const HEADERS = pick(['none', 'credentials', 'authorization'], {
  'line-break': 'headers',
  'bad-name': 'headers',
  'not-a-string': 'headers',
  array: 'headers',
  'headers-object': 'headers',
});
export const CLIENT_TIMEOUTS = pick(['default', 'off', 'short'], {
  negative: 'timeoutMs',
  nan: 'timeoutMs',
  'past-setTimeout': 'timeoutMs',
  huge: 'timeoutMs',
  string: 'timeoutMs',
  infinite: 'timeoutMs',
});
export const RETRIES = pick(['default', 'none', 'one', 'two'], {
  nan: 'maxRetries',
  negative: 'maxRetries',
  fraction: 'maxRetries',
  string: 'maxRetries',
  infinite: 'maxRetries',
});
export const VALIDATIONS = pick(['default', 'tolerant', 'strict', 'off'], {
  lenient: 'validation',
  boolean: 'validation',
});
export const EXTRA_KEYS = pick(['none'], { timeout: 'timeout', retries: 'retries' });
export const FETCHES = pick(['global', 'ignores-signal'], { 'not-a-function': 'fetch' });

export const CALL_OPTIONS = pick(
  ['none', 'empty', 'signal', 'aborted-signal', 'aborts-later', 'short-timeout', 'no-timeout', 'one-retry'],
  {
    controller: 'signal',
    'negative-timeout': 'timeoutMs',
    'nan-retries': 'maxRetries',
    'unknown-key': 'retries',
    'not-an-object': '',
  },
);
export const OPERATIONS = ['retrieve', 'list', 'listAll', 'create', 'update', 'patch', 'delete', 'usedBy'] as const;
export const UUIDS = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.uuid().map((value) => ({ value: value as unknown, problem: undefined as string | undefined })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<unknown>('not-a-uuid', '', 42, undefined, '../../users/')
      .map((value) => ({ value, problem: 'stageUuid' })),
  },
);
export const QUERIES = fc.constantFrom(
  { value: {} as unknown, problem: undefined as string | undefined },
  { value: { page: 1, page_size: 20, search: 'pass', ordering: '-name' }, problem: undefined },
  { value: { page: 0 }, problem: 'page' },
  { value: { page: 1.5 }, problem: 'page' },
  { value: { format: 'csv' }, problem: 'format' },
);
const RETRIEVED = { ...DOCUMENTED_EXAMPLE, name: 'edited' };
export const BODIES = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<unknown>(VALID, RETRIEVED)
      .map((value) => ({ value, problem: undefined as string | undefined })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...BAD_BODIES.filter(([what]) => !/missing/.test(what)))
      .map(([, value, path]) => ({ value, problem: path })),
  },
);
export const REQUEST_INTERCEPTORS = fc.constantFrom(
  'none',
  'none',
  'none',
  'none',
  'none',
  'none',
  'throws',
  'throws-on-retry',
  'hangs',
  'slow',
);
export const RESPONSE_INTERCEPTORS = fc.constantFrom('none', 'none', 'none', 'none', 'throws');
/**
 * What the server does: answers the call as the contract says, says 503 once first, refuses with a 400 echoing the
 * token, or stalls.
 */
export const SERVERS = fc.constantFrom('ok', 'ok', 'ok', 'busy-then-ok', 'busy-then-ok', 'echo-400', 'stall');

export const carelessCase = fc
  .record({
    baseUrl: BASE_URLS,
    token: TOKENS,
    tokenText: fc.string({
      unit: fc.constantFrom(...'ghijkmnpqrstuvwxyzGHJKLMNPQRSTUVWXYZ_'),
      minLength: 12,
      maxLength: 40,
    }),
    headers: HEADERS,
    timeoutMs: CLIENT_TIMEOUTS,
    shortMs: fc.integer({ min: 40, max: 150 }),
    maxRetries: RETRIES,
    validation: VALIDATIONS,
    extraKey: EXTRA_KEYS,
    fetch: FETCHES,
    callOptions: CALL_OPTIONS,
    abortAfterMs: fc.integer({ min: 0, max: 40 }),
    operation: fc.constantFrom(...OPERATIONS),
    uuid: UUIDS,
    query: QUERIES,
    body: BODIES,
    requestInterceptor: REQUEST_INTERCEPTORS,
    responseInterceptor: RESPONSE_INTERCEPTORS,
    server: SERVERS,
  })
  .map((c) => {
    // Whatever only a deadline ends (a provider or interceptor that hangs, a stalled server) is drawn only where one is
    // near; so is a slow interceptor, which otherwise only makes the case longer.
    const deadline =
      c.callOptions.kind === 'short-timeout'
        ? c.shortMs
        : c.callOptions.kind === 'no-timeout'
          ? 0
          : c.timeoutMs.kind === 'short'
            ? c.shortMs
            : 0;
    if (deadline > 0) return { ...c, deadline };
    return {
      ...c,
      deadline,
      token: c.token.kind === 'provider-hangs' ? { kind: 'provider' as const } : c.token,
      requestInterceptor:
        c.requestInterceptor === 'hangs' || c.requestInterceptor === 'slow' ? 'none' : c.requestInterceptor,
      server: c.server === 'stall' ? 'ok' : c.server,
    };
  });
export type CarelessCase = typeof carelessCase extends fc.Arbitrary<infer T> ? T : never;
