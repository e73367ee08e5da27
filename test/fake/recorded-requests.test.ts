// The fake's request log, which tests print and snapshot: it keeps what a request asked for and never a credential.
import { describe, expect, test } from 'vitest';
import { createFakeAuthentik } from '../../src/testing/index.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJha2FkbWluIn0.c2lnbmF0dXJl';

async function recorded(headers: Record<string, string>) {
  const fake = createFakeAuthentik();
  await fake.fetch(`${fake.baseUrl}/stages/password/`, { headers });
  return { fake, headers: fake.requests[0]!.headers };
}

describe('credentials in any header shape are recorded as [redacted]', () => {
  test.each([
    ['a bearer token', { authorization: 'Bearer secret-0123456789' }, 'Bearer [redacted]'],
    ['a token without a scheme', { authorization: 'secret-0123456789' }, '[redacted]'],
    ['a scheme in lower case, tab-separated', { authorization: 'bearer\tsecret-0123456789' }, 'bearer [redacted]'],
    ['a scheme glued to its token', { authorization: 'Bearer:secret-0123456789' }, '[redacted]'],
    ['Basic credentials', { authorization: 'Basic YWthZG1pbjpzZWNyZXQ=' }, 'Basic [redacted]'],
    ['a proxy’s credentials', { 'proxy-authorization': 'Basic YWthZG1pbjpzZWNyZXQ=' }, 'Basic [redacted]'],
    ['a cookie', { cookie: 'authentik_session=abc123' }, '[redacted]'],
    ['an API key', { 'x-api-key': 'k-0123456789' }, '[redacted]'],
    ['an api_key with an underscore', { 'x-api_key': 'k-0123456789' }, '[redacted]'],
    ['an access key', { 'x-access-key': 'k-0123456789' }, '[redacted]'],
    ['a header of the code’s own auth', { 'x-auth': 'k-0123456789' }, '[redacted]'],
    ['a token header', { 'x-authentik-token': 'k-0123456789' }, '[redacted]'],
    ['a JWT under an innocent name', { 'x-forwarded-user': JWT }, '[redacted]'],
    ['a scheme-led credential under an innocent name', { 'x-upstream': 'Bearer k-0123456789' }, 'Bearer [redacted]'],
  ])('%s', async (_, sent, expected) => {
    const { headers } = await recorded(sent);
    expect(Object.values(headers)).toContain(expected);
    expect(JSON.stringify(headers)).not.toMatch(/secret-|YWth|abc123|k-0|eyJ/);
  });

  test('one of the fake’s tokens is redacted wherever it appears, under any name', async () => {
    const fake = createFakeAuthentik();
    for (const token of Object.values(fake.tokens)) {
      await fake.fetch(`${fake.baseUrl}/stages/password/`, { headers: { 'x-debug': `sent ${token} twice` } });
    }
    expect(fake.requests.map(({ headers }) => headers['x-debug'])).toEqual(
      Object.values(fake.tokens).map(() => '[redacted]'),
    );
  });

  test('headers that carry no credential are recorded as they were sent', async () => {
    const sent = {
      accept: 'application/json',
      'user-agent': 'provisioner/1.0',
      'x-request-id': 'a1b2',
      'x-authentik-id': 'a1b2c3',
    };
    const { headers } = await recorded(sent);
    expect(headers).toEqual(sent);
  });
});
