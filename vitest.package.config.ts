import { defineConfig } from 'vitest/config';

// The packed-tarball checks (`npm run test:package`): slow, since each installs the package into a fresh project.
export default defineConfig({
  test: {
    include: ['test/package/**/*.check.ts'],
    globalSetup: ['test/package/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
