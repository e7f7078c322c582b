import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    // Some tests spawn the CLI as a new process: on two busy cores that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
