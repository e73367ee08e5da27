// @ts-check
/**
 * Mutation testing of the facade (`npm run test:mutation`); test/MUTANTS.md lists the mutants no test can kill, and
 * why.
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // Only the tests that call src/ through an injected fetch or a loopback server: the Prism suites would take hours.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // The hand-written facade. The /testing fake has its own tests, and src/generated.ts only re-exports.
  mutate: ['src/*.ts', '!src/generated.ts'],
  // Stryker adds `// @ts-nocheck` to the files it copies; test/docs/readme-testing.test.ts compares test files with README,
  // so only src/ gets it.
  disableTypeChecks: 'src/**/*.ts',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The deadline and retry tests wait on real timers (up to a few seconds); a loaded machine must not pass for a mutant
  // that hangs.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  // A rerun tests only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
