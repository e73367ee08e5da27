import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The tests Stryker runs against each mutant of src/: those that call the facade through an injected fetch or a
// server on 127.0.0.1 that they start themselves. The Prism suites, the soak, the demo's exits, the package checks
// and the tests of scripts (which spawn processes or bundle) take minutes per run and check other things.
const SLOW_OR_ELSEWHERE = [
  'test/contract/**',
  'test/scripts/**',
  'test/fake/contract.test.ts',
  'test/calls/soak.test.ts',
  'test/docs/changelog.test.ts',
  'test/package/**',
];

// The files whose tests wait out real retry delays and deadlines, quickest first (the last takes seconds). A mutant is
// killed by its first failing test, so these run last: most mutants fail a quick test first.
const WAITING = [
  'docs/readme-example',
  'fake/fake',
  'token/providers',
  'calls/redirects',
  'calls/interceptors',
  'errors/server-answers',
  'calls/abort',
  'calls/retries',
  'calls/deadline',
].map((name) => `/test/${name}.test.ts`);
const rank = (spec: TestSpecification) => WAITING.findIndex((end) => spec.moduleId.endsWith(end));

class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SLOW_OR_ELSEWHERE],
    testTimeout: 20_000,
    pool: 'threads',
    // Each file gets its own module graph: a static mutant (a module-level constant changed) must be evaluated afresh.
    // Sharing one graph (isolate: false) is quicker but lets static mutants survive unseen.
    isolate: true,
    // A timing test that loses a race on a loaded machine would stop the run (or pass for a kill); a mutant's failure
    // repeats.
    retry: 1,
    sequence: { sequencer: QuickFirst },
  },
});
