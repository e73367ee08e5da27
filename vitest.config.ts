import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Most test files wait on sockets, child processes and retry delays rather than the CPU, so more of them run at
    // once than there are cores (vitest's default is one fewer than the cores: a single worker on two).
    maxWorkers: 4,
    // Worker threads start cheaper than forked processes; each file still gets a worker of its own, so Prism's
    // generator settings (global to its modules) stay private to the file that sets them.
    pool: 'threads',
    // Type tests (*.test-d.ts) run through tsc as part of every `npm test`.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
  },
});
