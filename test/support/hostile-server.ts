// The hostile server of the property tests: what one answer of it may be, as fast-check arbitraries, and the bytes it
// then sends for a given operation and token.
import fc from 'fast-check';
import { DOCUMENTED_EXAMPLE, PAGE, type Step, type Target } from './index.js';

export const OPERATIONS = ['retrieve', 'list', 'create', 'update', 'patch', 'delete', 'usedBy'] as const;
export type Operation = (typeof OPERATIONS)[number];

const BODIES = [
  'contract',
  'extra-field',
  'unknown-enum',
  'missing-field',
  'wrong-type',
  'truncated',
  'deep',
  'binary',
  'empty',
  'token',
  'token-piece',
  'token-in-json',
  'problem',
  'drf-errors',
  'html',
] as const;
export type BodyKind = (typeof BODIES)[number];

/** One answer, with its body still a kind: the bytes depend on the operation and the token (see `stepFor`). */
export interface Answer {
  status: number;
  type: string | undefined;
  body: BodyKind;
  retryAfter: string | undefined;
  echoHeaders: boolean;
  delayMs: number;
  redirect: Target | undefined;
  lengthLie: 'long' | 'short' | undefined;
  cut: 'before' | 'mid-body' | undefined;
  /** Where the echoed piece of the token starts, and how long it is (at least 8). */
  piece: { from: number; length: number };
  bytes: Uint8Array;
}

const TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/plain',
  'text/html',
  'application/octet-stream',
  'application/xml',
];
const RETRY_AFTER = ['0', '1', '-1', '120', '0.02', 'soon', 'past-date', 'now-date', 'future-date'];
// Locations a redirect may not be followed to: other schemes, URLs that do not parse.
const RAW_LOCATIONS = [
  `data:application/json,${encodeURIComponent(JSON.stringify(DOCUMENTED_EXAMPLE))}`,
  'file:///etc/passwd',
  'ftp://127.0.0.1/stages/',
  'javascript:alert(1)',
  'http://127.0.0.1:99999/',
  'http://exa mple.com/',
  'http://[::1/',
];

const option = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary, weight });

// Leaving the origin is where credentials could go astray: it is the most frequent target.
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Target>({ kind: 'other-origin' }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Target>({ kind: 'same-origin' }, { kind: 'relative' }, { kind: 'scheme-relative' }),
  },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_LOCATIONS).map((location): Target => ({ kind: 'raw', location })) },
  { weight: 1, arbitrary: fc.constant<Target>({ kind: 'password', password: 'pw-in-location-5e7d1c' }) },
);

const common = {
  type: option(fc.constantFrom(...TYPES), 12),
  body: fc.constantFrom(...BODIES),
  retryAfter: option(fc.constantFrom(...RETRY_AFTER), 2),
  echoHeaders: fc.boolean(),
  // Mostly at once, sometimes a little later, now and then far past any deadline of these tests.
  delayMs: fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 2 },
    { arbitrary: fc.constant(2_000), weight: 1 },
  ),
  lengthLie: option(fc.constantFrom<'long' | 'short'>('long', 'short')),
  cut: option(fc.constantFrom<'before' | 'mid-body'>('before', 'mid-body')),
  piece: fc.record({ from: fc.nat({ max: 40 }), length: fc.integer({ min: 8, max: 40 }) }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
};

const HOSTILE_STATUSES = [
  200, 200, 200, 201, 204, 300, 304, 400, 401, 403, 404, 408, 409, 418, 429, 500, 502, 503, 504,
];

export const answer: fc.Arbitrary<Answer> = fc.oneof(
  // An answer as authentik would send it: JSON, whole, at once or nearly.
  {
    weight: 3,
    arbitrary: fc.record({
      ...common,
      status: fc.constantFrom(200, 200, 200, 201, 204, 400, 403, 404, 429, 503),
      type: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
      body: fc.constantFrom<BodyKind>(
        'contract',
        'contract',
        'extra-field',
        'unknown-enum',
        'token-in-json',
        'problem',
        'drf-errors',
      ),
      delayMs: fc.integer({ min: 0, max: 5 }),
      lengthLie: fc.constant(undefined),
      cut: fc.constant(undefined),
      redirect: fc.constant(undefined),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ ...common, status: fc.constantFrom(...HOSTILE_STATUSES), redirect: fc.constant(undefined) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ ...common, status: fc.constantFrom(301, 302, 303, 307, 308), redirect: target }),
  },
);

/**
 * A token as authentik issues them, from letters that no URL, uuid or message of these tests holds eight of in a row.
 */
export const token = fc
  .string({ unit: fc.constantFrom(...'ghijkmnpqrstuvwxyzGHJKLMNPQRSTUVWXYZ_'), minLength: 16, maxLength: 48 })
  .map((text) => `tk${text}`);

const USED_BY = [
  { app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'binding', action: 'cascade' },
];

/**
 * The body the contract promises for `operation`'s 2xx answer, with `change` applied to each stage (or used-by entry)
 * in it.
 */
function contractBody(
  operation: Operation,
  change: (item: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (operation === 'list') return { ...PAGE, results: PAGE.results.map((stage) => change({ ...stage })) };
  if (operation === 'usedBy') return USED_BY.map((entry) => change({ ...entry }));
  return change({ ...DOCUMENTED_EXAMPLE });
}

// Deep enough to overflow a recursive walk of the parsed value, shallow enough to parse in a few milliseconds.
export const DEPTH = 12_000;

function bodyOf(answer: Answer, operation: Operation, secret: string): string | Uint8Array {
  const piece = secret.slice(
    Math.min(answer.piece.from, Math.max(0, secret.length - 8)),
    answer.piece.from + answer.piece.length,
  );
  const json = (change: (item: Record<string, unknown>) => Record<string, unknown> = (item) => item) =>
    JSON.stringify(contractBody(operation, change));
  switch (answer.body) {
    case 'contract':
      return json();
    case 'extra-field':
      return json((item) => ({ ...item, field_of_a_newer_authentik: { nested: [1] } }));
    case 'unknown-enum':
      return json((item) =>
        'action' in item
          ? { ...item, action: 'archive' }
          : { ...item, backends: ['authentik.sources.future.FutureBackend'] },
      );
    case 'missing-field':
      return json(({ name: _, ...item }) => item);
    case 'wrong-type':
      return json((item) => ({ ...item, name: 42 }));
    case 'truncated':
      return json().slice(0, json().length >> 1);
    case 'deep':
      return `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
    case 'binary':
      return answer.bytes;
    case 'empty':
      return '';
    case 'token':
      return `${secret}${json()}`;
    case 'token-piece':
      return `${piece}${json()}`;
    case 'token-in-json':
      return json((item) => ({ ...item, name: secret, [piece]: piece, detail: `Token ${secret} invalid/expired` }));
    case 'problem':
      return JSON.stringify({
        type: 'about:blank',
        title: 'Forbidden',
        detail: 'Token invalid/expired',
        code: 'authentication_failed',
      });
    case 'drf-errors':
      return JSON.stringify({
        backends: { '1': ['"authentik.core.auth.KerberosBackend" is not a valid choice.'] },
        non_field_errors: ['no'],
      });
    case 'html':
      return '<html><body><h1>502 Bad Gateway</h1></body></html>';
  }
}

function retryAfterOf(value: string): string {
  const date = { 'past-date': -60_000, 'now-date': 0, 'future-date': 5_000 }[value];
  return date === undefined ? value : new Date(Date.now() + date).toUTCString();
}

/** The step the scripted server plays for `answer`, when the call is `operation` and its token `secret`. */
export function stepFor(answer: Answer, operation: Operation, secret: string): Step {
  const headers: Record<string, string> = {};
  if (answer.type) headers['content-type'] = answer.type;
  if (answer.retryAfter) headers['retry-after'] = retryAfterOf(answer.retryAfter);
  if (answer.echoHeaders)
    Object.assign(headers, {
      'x-echo': `Bearer ${secret}`,
      'x-authentik-id': `${secret.slice(2, 12)}-request`,
      'www-authenticate': secret,
    });
  const { status, delayMs, redirect, lengthLie, cut } = answer;
  return { status, headers, body: bodyOf(answer, operation, secret), delayMs, redirect, lengthLie, cut };
}
