import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../../scripts/prism.js';
import { Backend, FlowLayout } from '../../src/index.js';
import { createFakeAuthentik } from '../../src/testing/index.js';

// README's "Testing your code" shows test files of this folder as users write them: importing the package by name.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const asUsersImport = (source: string) =>
  source
    .replace("'../../src/index.js'", "'authentik-password-stage'")
    .replace("'../../src/testing/index.js'", "'authentik-password-stage/testing'");
const source = (file: string) => readFileSync(join(root, 'test', file), 'utf8');

test('README’s vitest example is test/docs/readme-example.test.ts, which npm test runs', () => {
  expect(readme).toContain(`\`\`\`ts\n${asUsersImport(source('docs/readme-example.test.ts'))}\`\`\`\n`);
});

test('README’s MSW handler is the one test/fake/msw.test.ts proves with msw/node', () => {
  const [, region] = /\/\/ README begins\n([^]*?)\/\/ README ends/.exec(source('fake/msw.test.ts'))!;
  expect(readme).toContain(
    `import { createFakeAuthentik } from 'authentik-password-stage/testing';\n\n${region}\`\`\`\n`,
  );
});

test('README’s options example answers as 2026.2.0 with its own stage in a frame-background flow', async () => {
  const snippet = `const fake = createFakeAuthentik({
  release: '2026.2.0',
  stages: [{ name: 'login-password', backends: [Backend.Inbuilt], failed_attempts_before_cancel: 3 }],
  flows: [{ slug: 'login', layout: FlowLayout.SidebarLeftFrameBackground, stages: ['login-password'] }],
});`;
  expect(readme).toContain(snippet);
  const fake = createFakeAuthentik({
    release: '2026.2.0',
    stages: [{ name: 'login-password', backends: [Backend.Inbuilt], failed_attempts_before_cancel: 3 }],
    flows: [{ slug: 'login', layout: FlowLayout.SidebarLeftFrameBackground, stages: ['login-password'] }],
  });
  expect(
    fake
      .stages()
      .map((stage) => [
        stage.name,
        stage.failed_attempts_before_cancel,
        stage.flow_set?.map((flow) => `${flow.slug} ${flow.layout}`),
      ]),
  ).toEqual([['login-password', 3, ['login sidebar_left_frame_background']]]);
});
