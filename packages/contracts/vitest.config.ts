import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'contracts',
    include: ['test/**/*.test.ts'],
    // Some tests spawn the CLI (and Pact's verifier) as new processes: on two busy cores that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
