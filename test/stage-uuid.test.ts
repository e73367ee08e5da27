import { describe, expect, test } from 'vitest';
import { InvalidArgumentError } from '../src/index.js';
import { fakeClient, rejectionOf, STAGE_UUID } from './support/index.js';

// Each of these is rejected before anything is sent: they are not UUID strings.
export const BAD_STAGE_UUIDS: unknown[] = [
  '',
  ' ',
  '../',
  '..',
  '.',
  '/',
  '//evil.example/',
  '../../admin/apps/',
  `${STAGE_UUID}/../../users`,
  `${STAGE_UUID}/`,
  `/${STAGE_UUID}`,
  `${STAGE_UUID}?page=2`,
  `${STAGE_UUID}#x`,
  `${STAGE_UUID}%2F..`,
  `${STAGE_UUID} `,
  ` ${STAGE_UUID}`,
  `${STAGE_UUID}\n`,
  `${STAGE_UUID}\u0000`,
  STAGE_UUID.replaceAll('-', ''),
  `{${STAGE_UUID}}`,
  `urn:uuid:${STAGE_UUID}`,
  STAGE_UUID.slice(0, -1),
  `${STAGE_UUID}0`,
  STAGE_UUID.replace('3', 'g'),
  STAGE_UUID.replace(/-/g, '_'),
  '3fa85f64-5717-4562-b3fc-2c963f66afa6'.replace('b3fc', 'b3f%'),
  '3fa85f64–5717–4562–b3fc–2c963f66afa6', // en dashes
  'ＳＴＡＧＥ',
  'null',
  'undefined',
  '%2e%2e%2f',
  '?search=x',
  '#',
  '*',
  'javascript:alert(1)',
  null,
  undefined,
  42,
  { toString: () => STAGE_UUID },
  [STAGE_UUID],
];

describe('stageUuid', () => {
  test.each(['retrieve', 'update', 'patch', 'delete', 'usedBy'] as const)(
    '%s rejects every stage uuid that is not a UUID string before any request is sent',
    async (method) => {
      const fake = fakeClient();
      const { authentik } = fake;
      for (const stageUuid of BAD_STAGE_UUIDS) {
        const withBody = method === 'update' || method === 'patch';
        const call = (authentik.passwordStages[method] as (uuid: unknown, body?: unknown) => Promise<unknown>)(
          stageUuid,
          ...(withBody ? [{ name: 'x', backends: [] }] : []),
        );
        const error = await rejectionOf(call);
        expect(error, JSON.stringify(String(stageUuid))).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).message).toMatch(/^Invalid stageUuid: stageUuid: must be a UUID string/);
      }
      expect(fake.requests).toEqual([]);
    },
  );

  test('any UUID version is accepted, in either case', async () => {
    const fake = fakeClient();
    const { authentik } = fake;
    const uuids = [
      '0190a6e2-9c1b-7cc5-8a3e-1f2d3c4b5a69',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      STAGE_UUID.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
    ];
    for (const uuid of uuids) await authentik.passwordStages.retrieve(uuid);
    expect(fake.requests.map((request) => request.url.split('/').at(-2))).toEqual(uuids);
  });
});
