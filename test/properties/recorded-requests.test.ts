// Property: whatever shape a credential takes in a request's headers, the fake's request log does not hold it, and
// the headers that carry none are kept as they were sent. Replay a failure with FC_SEED and FC_PATH (see
// test/support/promises.ts).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createFakeAuthentik } from '../../src/testing/index.js';
import { propertyRuns } from '../support/index.js';

const RUNS = propertyRuns(300, 5);
const fake = createFakeAuthentik();

const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join(''));
const secret = fc.stringMatching(/^[\w.~+/=-]{8,48}$/).filter((value) => !'Negotiate [redacted]'.includes(value));
const scheme = fc.constantFrom('Bearer', 'Token', 'Basic', 'JWT', 'Digest', 'Negotiate').chain(anyCase);
const gap = fc.constantFrom(' ', '  ', '\t', ' \t ');
const innocentName = fc.constantFrom('x-forwarded-user', 'x-upstream', 'x-debug', 'via', 'x-team');
const credentialName = fc
  .tuple(
    fc.constantFrom('', 'x-', 'x-my-', 'proxy-'),
    fc.constantFrom('authorization', 'auth', 'auth-token', 'api-key', 'api_key', 'apikey', 'access-key', 'token'),
    fc.constantFrom('', '-id', '-value'),
  )
  .map(([prefix, name, suffix]) => prefix + name + suffix)
  .chain(anyCase)
  .chain((name) => fc.constantFrom(name, name.replace(/token$/i, 'secret'), 'cookie', 'x-session', 'x-password'));
const jwt = fc
  .array(fc.stringMatching(/^[\w-]{4,24}$/), { minLength: 3, maxLength: 3 })
  .map((parts) => `eyJ${parts.join('.')}`);

/** A header that carries a credential, and the secret in it a reader of the log must not find. */
const credentialHeader = fc.oneof(
  // Under a credential's name, with or without a scheme, glued or spaced.
  fc
    .tuple(credentialName, fc.option(fc.tuple(scheme, fc.oneof(gap, fc.constant(':')))), secret)
    .map(([name, prefix, value]) => ({ name, value: prefix ? prefix.join('') + value : value, secret: value })),
  // Under any name, led by a scheme.
  fc
    .tuple(innocentName, scheme, gap, secret)
    .map(([name, s, g, value]) => ({ name, value: s + g + value, secret: value })),
  // Under any name, a JWT or one of the fake's own tokens, among other text.
  fc
    .tuple(
      innocentName,
      fc.oneof(jwt, fc.constantFrom(...Object.values(fake.tokens))),
      fc.constantFrom('', 'sent ', '; '),
    )
    .map(([name, value, around]) => ({ name, value: around + value + around, secret: value })),
);

test(
  'no credential, in any header shape, is kept in fake.requests; other headers are kept as they were sent',
  async () => {
    await fc.assert(
      fc.asyncProperty(credentialHeader, async ({ name, value, secret: hidden }) => {
        const innocent = { accept: 'application/json', 'x-request-id': 'r-1' };
        await fake.fetch(`${fake.baseUrl}/stages/password/`, { headers: { ...innocent, [name]: value } });
        const { headers } = fake.requests.at(-1)!;
        expect(JSON.stringify(headers)).not.toContain(hidden);
        expect(headers[name.toLowerCase()]).toMatch(/^(\S+ )?\[redacted\]$/);
        expect(headers).toMatchObject(innocent);
      }),
      RUNS,
    );
  },
  RUNS.testTimeoutMs,
);
