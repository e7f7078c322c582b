import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    // A worker whose event loop stops turning fails its file instead of holding the run (see the file).
    setupFiles: ['../../scripts/vitest-watchdog.mjs'],
    // Some tests spawn the CLI as a new process: on two busy cores that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
