// The package's build serves a stand-in for hey-api's server-sent-events client (scripts/build.ts): sound only
// while no operation streams.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

type Response = { $ref?: string; content?: Record<string, unknown> };
const fragment = parse(readFileSync('openapi/password-stage.yaml', 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { responses?: Record<string, Response> };
};

test('every answer of every operation is JSON, none a text/event-stream', () => {
  const types = new Set<string>();
  for (const item of Object.values(fragment.paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses)) {
        const resolved = response.$ref ? fragment.components.responses?.[response.$ref.split('/').pop()!] : response;
        for (const type of Object.keys(resolved?.content ?? {})) types.add(type);
      }
    }
  }
  expect([...types]).toEqual(['application/json']);
});

test('no generated operation calls the streaming client', () => {
  const sdk = readFileSync('generated/hey-api/sdk.gen.ts', 'utf8');
  expect(sdk).not.toMatch(/\.sse\./);
  expect(sdk.match(/options\.client\.(get|post|put|patch|delete)</g)).toHaveLength(7);
});
