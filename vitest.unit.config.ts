import { defineConfig } from 'vitest/config';

// The tests that need no mock server, only an injected fetch or servers on 127.0.0.1 that they start themselves:
// quick enough to run on every supported Node.js (`npm run test:node24`). The Prism-based suites stay in `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/compatibility.test.ts',
      'test/dynamic-mock.test.ts',
      'test/contract*.test.ts',
      'test/password-stages.prism.test.ts',
      'test/spec.test.ts',
    ],
    testTimeout: 20_000,
  },
});
