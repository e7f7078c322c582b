import { defineProject } from 'vitest/config';
import { eventspec } from './src/index.js';

export default defineProject({
  plugins: [eventspec()],
  test: {
    name: 'vitest-plugin',
    include: ['test/**/*.test.ts'],
    // A worker whose event loop stops turning fails its file instead of holding the run (see the file).
    setupFiles: ['../../scripts/vitest-watchdog.mjs'],
    // Some tests run vitest or Chromium as a new process: on two busy cores that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
