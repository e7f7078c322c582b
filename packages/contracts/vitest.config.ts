import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'contracts',
    include: ['test/**/*.test.ts'],
    // The CLI tests run the `eventspec` command as a new process, the AsyncAPI ones a heavy parser: on two
    // busy cores either takes seconds.
    testTimeout: 30_000,
  },
});
