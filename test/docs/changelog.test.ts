import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../../scripts/prism.js';

const read = (file: string) => readFileSync(join(root, file), 'utf8');

test("the changelog's top section is the version package.json ships, and no Unreleased section holds entries", () => {
  const { version } = JSON.parse(read('package.json')) as { version: string };
  const sections = read('CHANGELOG.md')
    .split(/^## /m)
    .slice(1)
    .map((section) => ({ title: section.split('\n')[0]!.trim(), entries: section.match(/^- /gm)?.length ?? 0 }));
  const released = sections.filter((section) => section.title !== 'Unreleased');
  expect(released[0]?.title).toBe(version);
  expect(released[0]!.entries).toBeGreaterThan(0);
  expect(sections.filter((section) => section.title === 'Unreleased' && section.entries > 0)).toEqual([]);
});
