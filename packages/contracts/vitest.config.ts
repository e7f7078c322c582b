import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'contracts',
    include: ['test/**/*.test.ts'],
    // Many tests spawn the CLI (loading the AsyncAPI parser) or Pact's verifier, some twice: on two cores
    // shared with other jobs one took 48 s.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
