import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { EXPECTED_LINE, STAGE_UUID, consumerProject, exec, tsc } from './consumer-project.js';

const IMPORTS = 'createAuthentikClient, backendLabel, InvalidArgumentError';

/** The consumer's program: retrieve a stage from the mock, then let a malformed uuid reject, and print both. */
function retrieveAndPrint(typed: boolean): string {
  const e = typed ? '(error: unknown)' : '(error)';
  return `
  const authentik = createAuthentikClient({ baseUrl: ${JSON.stringify(inject('prismUrl'))}, token: 'mock-token' });
  const stage = await authentik.passwordStages.retrieve('${STAGE_UUID}');
  console.log(\`retrieved "\${stage.name}" (\${stage.pk}): backends \${stage.backends.map(backendLabel).join(', ')}; in \${stage.flow_set?.length} flow\`);
  const rejected = await authentik.passwordStages.retrieve('not-a-uuid').then(
    () => 'nothing: it resolved',
    ${e} => (error instanceof InvalidArgumentError ? error.name : \`an unexpected \${String(error)}\`),
  );
  console.log(\`a malformed uuid rejects with \${rejected}\`);
`;
}

// Lines that compile only when the package's types are real: a mistake must be reported, not typed as any.
const TYPE_CHECKS = `
import type { AuthentikClient, PasswordStage } from 'authentik-password-stage';
import { Backend, createAuthentikClient } from 'authentik-password-stage';
import { createFakeAuthentik, type FakeAuthentik } from 'authentik-password-stage/testing';
import { stagesPasswordUsedByList, type UsedBy } from 'authentik-password-stage/generated';
export function usesInbuilt(stage: PasswordStage): boolean {
  // @ts-expect-error a password stage has no field of this name
  void stage.no_such_field;
  return stage.backends.includes(Backend.Inbuilt);
}
// The generated operations take an SDK client's generated client, and their results are typed.
export async function usedBy(authentik: AuthentikClient, stage: PasswordStage): Promise<UsedBy[] | undefined> {
  const { data } = await stagesPasswordUsedByList({ client: authentik.client, path: { stage_uuid: stage.pk } });
  // @ts-expect-error the path parameter is stage_uuid
  void stagesPasswordUsedByList({ client: authentik.client, path: { uuid: stage.pk } });
  return data;
}
// The test kit's fake is typed too, and its fetch is the client's fetch option as it is.
export async function stagesOfFake(): Promise<string[]> {
  const fake: FakeAuthentik = createFakeAuthentik({ release: '2026.2.0', stages: [{ name: 'mine', backends: [Backend.Token] }] });
  // @ts-expect-error not a release of the compatibility matrix
  void createFakeAuthentik({ release: '2024.2.0' });
  const authentik = createAuthentikClient({ baseUrl: fake.baseUrl, token: fake.token, fetch: fake.fetch });
  fake.failNext('rate-limited', { retryAfter: 1 });
  return (await authentik.passwordStages.list()).results.map((stage) => stage.name);
}
`;

const STRICT = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false };

function expectBothLines(stdout: string) {
  expect(stdout.trim().split('\n')).toEqual([EXPECTED_LINE, 'a malformed uuid rejects with InvalidArgumentError']);
}

test.concurrent('a Node ESM project imports the packed SDK and retrieves a stage from the mock', async () => {
  const dir = await consumerProject({
    'package.json': JSON.stringify({ name: 'esm-consumer', private: true, type: 'module' }),
    'main.js': `import { ${IMPORTS} } from 'authentik-password-stage';\n${retrieveAndPrint(false)}`,
  });
  const stdout = await exec(process.execPath, ['main.js'], dir);
  console.log(`[node import] ${stdout}`);
  expectBothLines(stdout);
});

test.concurrent(
  'a Node CommonJS project loads the packed SDK with require() and retrieves a stage, down to Node 20.19',
  async () => {
    const dir = await consumerProject({
      'package.json': JSON.stringify({ name: 'cjs-consumer', private: true, type: 'commonjs' }),
      'main.js': `const { ${IMPORTS} } = require('authentik-password-stage');\n(async () => {${retrieveAndPrint(false)}})().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`,
    });
    // require() of an ES module is what sets the engines floor, so it runs on the floor release too.
    const floor = inject('runtimes').find(({ name }) => name === 'node20');
    for (const [label, node] of [
      [`node ${process.version} require`, process.execPath],
      [`${floor?.label} require`, floor?.bin],
    ]) {
      if (!node) throw new Error('The Node.js 20.19 runtime is missing from the matrix');
      const stdout = await exec(node, ['main.js'], dir);
      console.log(`[${label}] ${stdout}`);
      expectBothLines(stdout);
    }
  },
);

const TYPESCRIPT_SETUPS = [
  {
    setting: 'module nodenext',
    label: 'typescript nodenext',
    resolution: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
  {
    setting: 'moduleResolution bundler',
    label: 'typescript bundler',
    resolution: { module: 'esnext', moduleResolution: 'bundler' },
  },
];

test.concurrent.for(TYPESCRIPT_SETUPS)(
  'a TypeScript project with $setting type-checks against the packed SDK and runs',
  async ({ label, resolution }) => {
    const dir = await consumerProject({
      'package.json': JSON.stringify({ name: `${label.replace(' ', '-')}-consumer`, private: true, type: 'module' }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          ...resolution,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          outDir: 'out',
          ...STRICT,
        },
        include: ['src'],
      }),
      'src/main.ts': `import { ${IMPORTS} } from 'authentik-password-stage';\n${retrieveAndPrint(true)}`,
      'src/checks.ts': TYPE_CHECKS,
    });
    await tsc(dir);
    const stdout = await exec(process.execPath, [join('out', 'main.js')], dir);
    console.log(`[${label}] ${stdout}`);
    expectBothLines(stdout);
  },
);
