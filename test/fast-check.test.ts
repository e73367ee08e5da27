import { describe, expect, test } from 'vitest';
import * as generated from '../generated/hey-api/zod.gen.js';
import { findProblems } from '../src/checks.js';
import { compile } from '../src/fast-check.js';
import { DOCUMENTED_EXAMPLE, STAGE_UUID } from './helpers.js';
import { BAD_BODIES } from './bad-inputs.js';

const flow = DOCUMENTED_EXAMPLE.flow_set[0]!;
const stageVariants: unknown[] = [
  DOCUMENTED_EXAMPLE,
  { ...DOCUMENTED_EXAMPLE, flow_set: undefined },
  { ...DOCUMENTED_EXAMPLE, configure_flow: null },
  { ...DOCUMENTED_EXAMPLE, configure_flow: undefined },
  { ...DOCUMENTED_EXAMPLE, configure_flow: 'not-a-uuid' },
  { ...DOCUMENTED_EXAMPLE, pk: STAGE_UUID.toUpperCase() },
  { ...DOCUMENTED_EXAMPLE, pk: `${STAGE_UUID}x` },
  { ...DOCUMENTED_EXAMPLE, name: undefined },
  { ...DOCUMENTED_EXAMPLE, name: 7 },
  { ...DOCUMENTED_EXAMPLE, backends: [] },
  { ...DOCUMENTED_EXAMPLE, backends: ['authentik.future.Backend'] },
  { ...DOCUMENTED_EXAMPLE, backends: [3] },
  { ...DOCUMENTED_EXAMPLE, backends: 'authentik.core.auth.InbuiltBackend' },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 2 ** 31 - 1 },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 2 ** 31 },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: -(2 ** 31) },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: 0.5 },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: Number.NaN },
  { ...DOCUMENTED_EXAMPLE, failed_attempts_before_cancel: '1' },
  { ...DOCUMENTED_EXAMPLE, allow_show_password: 'true' },
  { ...DOCUMENTED_EXAMPLE, brand_new_field: { nested: true } },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, layout: 'sidebar_left_frame_background' }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, layout: 'a_layout_from_the_future' }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, designation: 5 }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, background: undefined, background_url: '/media/x.png' }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, background_url: 42 }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, slug: 'has spaces' }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, slug: 'x'.repeat(80) }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [{ ...flow, extra: 1 }] },
  { ...DOCUMENTED_EXAMPLE, flow_set: [null] },
  { ...DOCUMENTED_EXAMPLE, flow_set: {} },
  null,
  [],
  'stage',
  undefined,
];
const pages: unknown[] = [
  { pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 }, results: [DOCUMENTED_EXAMPLE], autocomplete: {} },
  { pagination: { next: '2', previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 }, results: [], autocomplete: {} },
  { pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 }, results: [], autocomplete: [] },
  { pagination: { next: 0, previous: 0, count: 1, current: 1, total_pages: 1, start_index: 1, end_index: 1 }, results: [], autocomplete: null },
  { pagination: {}, results: [], autocomplete: {} },
];
const usedBy: unknown[] = [
  [],
  [{ app: 'authentik_flows', model_name: 'flowstagebinding', pk: '1', name: 'x', action: 'cascade' }],
  [{ app: 'a', model_name: 'b', pk: 'c', name: 'd', action: 'left_dangling' }],
  [{ app: 'a', model_name: 'b', pk: 'c', name: 'd', action: 'explode' }],
  [{ app: 'a', model_name: 'b', pk: 3, name: 'd', action: 'cascade' }],
];

const cases = [
  { name: 'PasswordStage', schema: generated.zPasswordStage, values: stageVariants },
  { name: 'the list page', schema: generated.zPaginatedPasswordStageList, values: pages },
  { name: 'used_by', schema: generated.zStagesPasswordUsedByListResponse, values: usedBy },
  { name: 'the create body', schema: generated.zStagesPasswordCreateBody, values: [{ name: 'x', backends: [] }, ...BAD_BODIES.map(([, body]) => body)] },
  { name: 'the patch body', schema: generated.zStagesPasswordPartialUpdateBody, values: [{}, { configure_flow: null }, ...BAD_BODIES.map(([, body]) => body)] },
  { name: 'the list query', schema: generated.zStagesPasswordListQuery, values: [{}, { page: 1 }, { page: 1.5 }, { search: 'x', format: 'csv' }, { configure_flow: STAGE_UUID }] },
];

describe('the compiled fast check', () => {
  test.each(cases)('agrees with zod on every value of $name, in both modes', ({ schema, values }) => {
    for (const strict of [false, true]) {
      const fast = compile(schema, strict);
      expect(fast, 'the schema compiles, so the fast path is in use').toBeTypeOf('function');
      for (const value of values) {
        const zodAccepts = findProblems(schema, value, { allowUnknownEnumValues: !strict, allowUnknownFields: !strict }).length === 0;
        expect(fast!(value), `${strict ? 'strict' : 'tolerant'}: ${JSON.stringify(value)?.slice(0, 160)}`).toBe(zodAccepts);
      }
    }
  });

  test('every generated schema the facade uses compiles', () => {
    for (const schema of Object.values(generated)) expect(compile(schema as never, true)).toBeTypeOf('function');
  });
});
