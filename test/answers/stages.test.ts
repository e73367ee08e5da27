import { describe, expect, test } from 'vitest';
import { ResponseValidationError, type ValidationMode } from '../../src/index.js';
import { DOCUMENTED_EXAMPLE, PAGE, STAGE_UUID, fakeClient, json } from '../support/index.js';

// Each answer with whether the default 'tolerant' mode and the 'strict' mode accept it. Tolerant lets through
// exactly what a newer authentik may add (unknown fields, unknown enum strings); everything else fails both.
const flow = DOCUMENTED_EXAMPLE.flow_set[0]!;
const STAGES: Array<[string, unknown, boolean, boolean]> = [
  ['the documented example', DOCUMENTED_EXAMPLE, true, true],
  ['no flow_set, which authentik always sends', { ...DOCUMENTED_EXAMPLE, flow_set: undefined }, false, false],
  ['a null configure_flow', { ...DOCUMENTED_EXAMPLE, configure_flow: null }, true, true],
  ['an upper-case pk', { ...DOCUMENTED_EXAMPLE, pk: STAGE_UUID.toUpperCase() }, true, true],
  ['no backends', { ...DOCUMENTED_EXAMPLE, backends: [] }, true, true],
  ['the int32 maximum', { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 2 ** 31 - 1 }, true, true],
  [
    'a 2026.2 flow layout',
    { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, layout: 'sidebar_left_frame_background' }] },
    true,
    true,
  ],
  [
    'background_url instead of background',
    { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, background: undefined, background_url: '/media/x.png' }] },
    true,
    true,
  ],
  ['an unknown field', { ...DOCUMENTED_EXAMPLE, brand_new_field: { nested: true } }, true, false],
  ['an unknown field in a flow', { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, extra: 1 }] }, true, false],
  ['an unknown backend', { ...DOCUMENTED_EXAMPLE, backends: ['authentik.future.Backend'] }, true, false],
  [
    'an unknown flow layout',
    { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, layout: 'a_layout_from_the_future' }] },
    true,
    false,
  ],
  ['a configure_flow that is not a uuid', { ...DOCUMENTED_EXAMPLE, configure_flow: 'not-a-uuid' }, false, false],
  ['a pk with a trailing character', { ...DOCUMENTED_EXAMPLE, pk: `${STAGE_UUID}x` }, false, false],
  ['no name', { ...DOCUMENTED_EXAMPLE, name: undefined }, false, false],
  ['a numeric name', { ...DOCUMENTED_EXAMPLE, name: 7 }, false, false],
  ['a numeric backend', { ...DOCUMENTED_EXAMPLE, backends: [3] }, false, false],
  ['backends as a string', { ...DOCUMENTED_EXAMPLE, backends: 'authentik.core.auth.InbuiltBackend' }, false, false],
  ['failed attempts above int32', { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 2 ** 31 }, false, false],
  ['fractional failed attempts', { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 0.5 }, false, false],
  ['failed attempts as a string', { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: '1' }, false, false],
  ['allow_show_password as a string', { ...DOCUMENTED_EXAMPLE, allow_show_password: 'true' }, false, false],
  ['a numeric flow designation', { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, designation: 5 }] }, false, false],
  ['a numeric background_url', { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, background_url: 42 }] }, false, false],
  ['a slug with spaces', { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, slug: 'has spaces' }] }, false, false],
  ['a null flow', { ...DOCUMENTED_EXAMPLE, flow_set: [null] }, false, false],
  ['flow_set as an object', { ...DOCUMENTED_EXAMPLE, flow_set: {} }, false, false],
  ['null', null, false, false],
  ['an empty array', [], false, false],
  ['a string', 'stage', false, false],
];
const PAGES: Array<[string, unknown, boolean, boolean]> = [
  ['a page', PAGE, true, true],
  ['a page whose next is a string', { ...PAGE, pagination: { ...PAGE.pagination, next: '2' } }, false, false],
  // valibot checks a record (autocomplete is one) as any object, arrays included.
  ['a page whose autocomplete is an array', { ...PAGE, autocomplete: [] }, true, true],
  ['a page whose autocomplete is a string', { ...PAGE, autocomplete: 'x' }, false, false],
  ['a page without pagination fields', { ...PAGE, pagination: {} }, false, false],
];
const USED_BY: Array<[string, unknown, boolean, boolean]> = [
  ['nothing', [], true, true],
  [
    'a flow binding',
    [{ app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'x', action: 'cascade' }],
    true,
    true,
  ],
  ['an unknown action', [{ app: 'a', model_name: 'b', pk: 'c', name: 'd', action: 'explode' }], true, false],
  ['a numeric pk', [{ app: 'a', model_name: 'b', pk: 3, name: 'd', action: 'cascade' }], false, false],
];

async function accepted(
  call: 'retrieve' | 'list' | 'usedBy',
  body: unknown,
  validation: ValidationMode,
): Promise<boolean> {
  const { stages } = fakeClient(() => json(body), { validation });
  const outcome = await (call === 'list' ? stages.list() : stages[call](STAGE_UUID)).then(
    (data) => {
      expect(data).toEqual(body);
      return true;
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ResponseValidationError);
      return false;
    },
  );
  return outcome;
}

describe.each([
  ['retrieve', STAGES],
  ['list', PAGES],
  ['usedBy', USED_BY],
] as const)('%s answers', (call, cases) => {
  test.each(cases.map(([name, body, tolerant, strict]) => [name, tolerant, strict, body] as const))(
    '%s: tolerant accepts it: %s, strict: %s; an accepted answer is returned exactly as sent',
    async (_, tolerant, strict, body) => {
      expect(await accepted(call, body, 'tolerant')).toBe(tolerant);
      expect(await accepted(call, body, 'strict')).toBe(strict);
    },
  );
});
