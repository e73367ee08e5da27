import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { diffContracts, formatChanges } from '../../scripts/contract-diff.js';
import { upstreamPath } from '../../scripts/spec-sync.js';

const uuid = { type: 'string', format: 'uuid' };
const before = {
  paths: {
    '/things/{id}/': {
      get: {
        operationId: 'things_retrieve',
        parameters: [{ in: 'path', name: 'id' }, { $ref: '#/components/parameters/QuerySearch' }],
        responses: { '200': {}, '403': {} },
      },
      delete: { operationId: 'things_destroy', responses: { '204': {} } },
    },
  },
  components: {
    parameters: { QuerySearch: { in: 'query', name: 'search' } },
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          id: { ...uuid, readOnly: true },
          picture: { type: 'string', readOnly: true },
          owner: uuid,
          slug: { type: 'string', maxLength: 50 },
          colour: { type: 'string' },
          tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
        },
        required: ['id', 'picture', 'slug'],
      },
      Kind: { type: 'string', enum: ['a', 'b', 'c'] },
      Tag: { type: 'object', properties: {} },
    },
  },
};
const after = {
  paths: {
    '/things/{id}/': {
      get: {
        operationId: 'things_retrieve',
        parameters: [
          { in: 'path', name: 'id' },
          { in: 'query', name: 'ordering' },
        ],
        responses: { '200': {}, '404': {} },
      },
    },
    '/things/': { post: { operationId: 'things_create', responses: { '201': {} } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          id: { ...uuid, readOnly: true },
          picture_url: { type: 'string', readOnly: true },
          owner: { ...uuid, readOnly: true },
          slug: { type: 'string' },
          size: { type: 'integer' },
          tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
        },
        required: ['id', 'picture_url', 'owner', 'tags'],
      },
      Kind: { type: 'string', enum: ['a', 'c', 'd', 'e'] },
      Tag: { type: 'object', properties: {} },
      Label: { type: 'object' },
    },
  },
};

describe('spec:diff', () => {
  const changes = diffContracts(before, after);
  const of = (where: string) =>
    changes.filter((change) => change.where === where).map(({ kind, detail }) => `${kind}: ${detail}`);

  test('names added and removed enum values', () => {
    expect(of('Kind')).toEqual(['enum values added: d, e', 'enum values removed: b']);
  });

  test('takes a removed and an added field of the same type and a shared name part for a rename, and lists the rest as added or removed', () => {
    expect(of('Thing')).toEqual([
      'field renamed: picture → picture_url (string)',
      'field added: size (integer, optional)',
      'field removed: colour (string)',
      'now required: owner',
      'now read-only: owner',
      'now optional: slug',
      'field changed: slug: maxLength 50 removed',
      'now required: tags',
    ]);
  });

  test('names schemas, operations, responses and parameters that appeared or went away', () => {
    expect(of('Label')).toEqual(['schema added: Label']);
    expect(of('GET /things/{id}/')).toEqual([
      'response added: 404',
      'response removed: 403',
      'parameter added: ordering (query)',
      'parameter removed: search (query)',
    ]);
    expect(of('DELETE /things/{id}/')).toEqual(['operation removed: things_destroy']);
    expect(of('POST /things/')).toEqual(['operation added: things_create']);
  });

  test('reports two equal documents as unchanged', () => {
    expect(diffContracts(before, structuredClone(before))).toEqual([]);
    expect(formatChanges('v1', 'v1', [])).toBe('Password-stage contract: v1 → v1\n\nNo changes.');
  });

  test('groups the report by schema and operation', () => {
    const text = formatChanges('v1', 'v2', diffContracts(before, after));
    expect(text).toContain('\nKind\n  enum values added    d, e\n  enum values removed  b\n');
    expect(text).toContain('\nThing\n  field renamed        picture → picture_url (string)\n');
  });
});

test('the diff from authentik 2025.10.4 to 2026.8.3 names the background rename and the new enum values', () => {
  const load = (version: string) => parse(readFileSync(upstreamPath(version), 'utf8'));
  const text = formatChanges('2025.10.4', '2026.8.3', diffContracts(load('2025.10.4'), load('2026.8.3')));
  expect(text).toContain('field renamed        background → background_url (string)');
  expect(text).toContain('enum values added    sidebar_left_frame_background, sidebar_right_frame_background');
  expect(text).toContain('enum values added    left_dangling');
  expect(text).toContain('now read-only        flow_set');
});
