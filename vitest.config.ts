import { configDefaults, defineConfig } from 'vitest/config';

const SOAK = 'test/calls/soak.test.ts';
// The files that run hundreds of Prism mocks or the contract command's processes: long and CPU-bound.
const HEAVY = [
  'test/contract/compatibility.test.ts',
  'test/contract/dynamic-mock.test.ts',
  'test/contract/command.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Most test files wait on sockets, child processes and retry delays rather than the CPU, so more of them run at
    // once than there are cores (vitest's default is one fewer than the cores: a single worker on two).
    maxWorkers: 4,
    // Worker threads start cheaper than forked processes. The Prism mock files (`mocks`) each get a fresh module graph,
    // so Prism's generator settings (global to its modules) stay private to the file that sets them.
    pool: 'threads',
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // The quick files share each worker's module graph: they import the SDK, vitest and the helpers once per
          // worker instead of once per file, about a third of the group's time. None of them keeps state in a module;
          // CI's shuffled runs (vitest.unit.config.ts, isolated) catch a file that starts to.
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, SOAK, ...HEAVY],
          // Type tests (*.test-d.ts) run through tsc as part of every `npm test`.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.typetests.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'soak',
          include: [SOAK],
          // A group of its own after the quick files, so that its timing bounds (a 250 ms deadline, aborts settled
          // within 100 ms) and its heap measure have the cores to themselves.
          sequence: { groupOrder: 1 },
          // The soak test forces garbage collection to measure what the calls leave on the heap; worker threads
          // cannot take --expose-gc, a forked process can.
          pool: 'forks',
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        // Last, after the soak, which must not share the CPU with hundreds of mock servers.
        test: { name: 'mocks', include: HEAVY, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
