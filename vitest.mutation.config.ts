import { configDefaults, defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of src/: those that call the facade through an injected fetch or a
// server on 127.0.0.1 that they start themselves. The Prism suites, the soak, the demo's exits, the package checks
// and the tests of scripts (which spawn processes or bundle) take minutes per run and check other things.
const SLOW_OR_ELSEWHERE = [
  'test/compatibility.test.ts',
  'test/dynamic-mock.test.ts',
  'test/contract*.test.ts',
  'test/password-stages.prism.test.ts',
  'test/soak.test.ts',
  'test/demo-exit.test.ts',
  'test/consumer-bundle.test.ts',
  'test/changelog.test.ts',
  'test/spec.test.ts',
  'test/package/**',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SLOW_OR_ELSEWHERE],
    testTimeout: 20_000,
    pool: 'threads',
  },
});
