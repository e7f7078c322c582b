import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'contracts',
    include: ['test/**/*.test.ts'],
    // A worker whose event loop stops turning fails its file instead of holding the run (see the file).
    setupFiles: ['../../scripts/vitest-watchdog.mjs'],
    // Many tests spawn the CLI (loading the AsyncAPI parser) or Pact's verifier, some twice: on two cores
    // shared with other jobs one took 48 s.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // AsyncAPI documents are parsed afresh in every test (and every CLI it spawns); the tests of the on-disk
    // parse cache give it their own folder.
    env: { EVENTSPEC_CACHE_DIR: 'off' },
  },
});
