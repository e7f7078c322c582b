import { defineConfig } from 'vitest/config';

// This repository's tests never pull an image: a broker image that is not here makes its tests skip with the
// image and the fix (or fail under EVENTSPEC_REQUIRE_BROKERS=1). Set EVENTSPEC_IMAGE_PULL=missing to let
// Testcontainers pull them. Set here, before any project or global setup reads it.
process.env.EVENTSPEC_IMAGE_PULL ||= 'never';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
    // The default output, then each skip reason once (no Docker, an image or a broker missing, …).
    reporters: ['default', './scripts/vitest-skip-reasons.mjs'],
  },
});
