import { configDefaults, defineConfig } from 'vitest/config';

// The tests that need no mock server, only an injected fetch or servers on 127.0.0.1 that they start themselves,
// the soak test among them: quick enough to run on every supported Node.js (`npm run test:node24`). The
// Prism-based suites stay in `npm test`.
const SOAK = 'test/calls/soak.test.ts';
const PRISM = [
  'test/contract/compatibility.test.ts',
  'test/contract/dynamic-mock.test.ts',
  'test/contract/command.test.ts',
  'test/contract/prism.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...PRISM, SOAK] },
      },
      {
        extends: true,
        test: { name: 'soak', include: [SOAK], execArgv: ['--expose-gc'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
