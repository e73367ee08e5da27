import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { safeParse } from 'valibot';
import { vPasswordStage } from '../../generated/hey-api/valibot.gen.js';
import { extract } from '../../scripts/spec-sync.js';
import { DOCUMENTED_EXAMPLE } from '../support/index.js';

const fragment = parse(readFileSync('openapi/password-stage.yaml', 'utf8'));
const curation = parse(readFileSync('openapi/curation.yaml', 'utf8'));

describe('the curated fragment', () => {
  test('holds the seven password-stage operations under /api/v3 with bearer auth', () => {
    const operations = Object.values(fragment.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      (item) => Object.values(item).map((operation) => operation.operationId),
    );
    expect(operations.sort()).toEqual([
      'stages_password_create',
      'stages_password_destroy',
      'stages_password_list',
      'stages_password_partial_update',
      'stages_password_retrieve',
      'stages_password_update',
      'stages_password_used_by_list',
    ]);
    expect(fragment.servers).toEqual([{ url: '/api/v3' }]);
    expect(fragment.components.securitySchemes).toEqual({ authentik: { type: 'http', scheme: 'bearer' } });
  });

  test('keeps the documented example as the named example `documented` of every stage answer, and it validates strictly against PasswordStage', () => {
    const documented = { $ref: '#/components/examples/PasswordStageDocumented' };
    const stageAnswers = [
      fragment.paths['/stages/password/'].post.responses['201'],
      ...['get', 'put', 'patch'].map(
        (method) => fragment.paths['/stages/password/{stage_uuid}/'][method].responses['200'],
      ),
    ];
    for (const answer of stageAnswers)
      expect(answer.content['application/json'].examples.documented).toEqual(documented);
    expect(fragment.components.examples.PasswordStageDocumented.value).toEqual(DOCUMENTED_EXAMPLE);
    // The generated schemas are closed objects with closed enums: this is the 'strict' check.
    expect(safeParse(vPasswordStage, DOCUMENTED_EXAMPLE).issues).toBeUndefined();
  });

  test('documents 404 with a GenericError body for every call that takes a stage uuid, and for a list page past the last', () => {
    const genericError = { 'application/json': { schema: { $ref: '#/components/schemas/GenericError' } } };
    for (const [path, item] of Object.entries(
      fragment.paths as Record<
        string,
        Record<string, { responses: Record<string, { $ref?: string; content?: unknown }> }>
      >,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        const notFound = operation.responses['404'];
        const content =
          notFound?.$ref === '#/components/responses/NotFoundResponse'
            ? fragment.components.responses.NotFoundResponse.content
            : notFound?.content;
        expect(content, `${method} ${path}`).toEqual(
          path.includes('{stage_uuid}') || method === 'get' ? genericError : undefined,
        );
      }
    }
  });

  test('every curation entry gives its reason', () => {
    for (const entry of curation) expect(String(entry.reason).length, JSON.stringify(entry)).toBeGreaterThan(20);
  });
});

describe('extracting from an upstream schema', () => {
  const upstream = {
    openapi: '3.0.3',
    info: { title: 'authentik', version: '9.9.9', license: { name: 'MIT' } },
    paths: {
      '/stages/password/{stage_uuid}/': {
        get: {
          operationId: 'stages_password_retrieve',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/PasswordStage' } } } },
          },
        },
      },
      '/users/': {
        get: { operationId: 'core_users_list', responses: { '200': { $ref: '#/components/responses/Users' } } },
      },
    },
    components: {
      responses: { Users: { description: '' } },
      schemas: {
        PasswordStage: {
          type: 'object',
          properties: { flow_set: { type: 'array', items: { $ref: '#/components/schemas/FlowSet' } } },
        },
        FlowSet: { type: 'object', properties: { layout: { $ref: '#/components/schemas/FlowLayoutEnum' } } },
        FlowLayoutEnum: { type: 'string', enum: ['stacked'] },
        User: { type: 'object' },
      },
      securitySchemes: { authentik: { type: 'http', scheme: 'bearer' } },
    },
  };

  test('keeps only the password-stage paths and the components they reach, transitively', () => {
    const doc = extract(structuredClone(upstream), null) as typeof upstream;
    expect(Object.keys(doc.paths)).toEqual(['/stages/password/{stage_uuid}/']);
    expect(Object.keys(doc.components.schemas)).toEqual(['FlowLayoutEnum', 'FlowSet', 'PasswordStage']);
    expect(doc.components).not.toHaveProperty('responses');
  });

  test('applies curation and writes the same bytes for the same input', () => {
    const entries = [
      { reason: 'an example for the mock', set: '/components/schemas/PasswordStage/example', value: { flow_set: [] } },
    ];
    const once = stringify(extract(structuredClone(upstream), entries));
    expect(stringify(extract(structuredClone(upstream), entries))).toBe(once);
    expect(parse(once).components.schemas.PasswordStage.example).toEqual({ flow_set: [] });
  });

  test('fails loudly when a curation entry points at something upstream no longer has', () => {
    const entries = [
      { reason: 'the field is gone upstream', remove: '/components/schemas/PasswordStage/properties/background' },
    ];
    expect(() => extract(structuredClone(upstream), entries)).toThrow(
      /does not exist upstream any more \(the field is gone upstream\)/,
    );
  });
});
