import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard, not a speed assertion: no test should come near ten minutes, even on a loaded machine (the
    // property tests run thousands of cases and the fuzzer's bounded runs take a minute or two), but a server
    // that never answers or never closes must fail the run, not hang it forever. The house rule stands: time
    // limits are not assertions; speed is measured in bench/.
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
