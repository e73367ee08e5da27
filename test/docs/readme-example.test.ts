import { describe, expect, test } from 'vitest';
import { AuthenticationError, Backend, createAuthentikClient, type AuthentikClient } from '../../src/index.js';
import { createFakeAuthentik } from '../../src/testing/index.js';

type Wanted = { name: string; backends: Backend[]; failed_attempts_before_cancel: number };

/** The code under test: makes sure a stage with these settings exists; resolves to true when it changed something. */
async function ensureStage(authentik: AuthentikClient, wanted: Wanted): Promise<boolean> {
  const [existing] = (await authentik.passwordStages.list({ name: wanted.name })).results;
  if (!existing) {
    await authentik.passwordStages.create(wanted);
    return true;
  }
  const same =
    existing.backends.join() === wanted.backends.join() &&
    existing.failed_attempts_before_cancel === wanted.failed_attempts_before_cancel;
  if (!same) await authentik.passwordStages.patch(existing.pk, wanted);
  return !same;
}

const wanted: Wanted = {
  name: 'ci-password',
  backends: [Backend.Inbuilt, Backend.LDAP],
  failed_attempts_before_cancel: 3,
};

describe('ensureStage', () => {
  test('creates the stage on the first run and changes nothing on the second', async () => {
    const fake = createFakeAuthentik();
    const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.token, fetch: fake.fetch });
    expect(await ensureStage(authentik, wanted)).toBe(true);
    expect(await ensureStage(authentik, wanted)).toBe(false);
    expect(fake.stages().filter((stage) => stage.name === 'ci-password')).toMatchObject([
      { backends: wanted.backends, failed_attempts_before_cancel: 3 },
    ]);
    expect(fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual([
      'GET 200',
      'POST 201',
      'GET 200',
    ]);
  });

  test('retries when authentik answers 503', async () => {
    const fake = createFakeAuthentik();
    const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.token, fetch: fake.fetch });
    fake.failNext('unavailable');
    expect(await ensureStage(authentik, wanted)).toBe(true);
    expect(fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual([
      'GET 503',
      'GET 200',
      'POST 201',
    ]);
  });

  test('rejects with AuthenticationError for a wrong token and changes nothing', async () => {
    const fake = createFakeAuthentik();
    const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.tokens.expired, fetch: fake.fetch });
    await expect(ensureStage(authentik, wanted)).rejects.toBeInstanceOf(AuthenticationError);
    expect(fake.stages()).toHaveLength(3);
  });
});
