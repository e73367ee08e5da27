import { configDefaults, defineConfig } from 'vitest/config';

const SOAK = 'test/soak.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, SOAK],
          globalSetup: ['test/global-setup.ts'],
          // Type tests (*.test-d.ts) run through tsc as part of every `npm test`.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'soak',
          include: [SOAK],
          // The soak test forces garbage collection to measure what the calls leave on the heap.
          execArgv: ['--expose-gc'],
          // Run after the other tests, so that its deadlines and its abort timing do not share the CPU with them.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
