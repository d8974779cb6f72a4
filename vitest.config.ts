import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run thousands of cases; the default 5 s per test is a time limit on a test, which
    // the house rules leave to benchmarks.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
