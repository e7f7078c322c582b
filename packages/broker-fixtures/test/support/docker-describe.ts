import { describe, test } from 'vitest';
import { describeDockerTarget, isDockerAvailable } from '../../src/index.js';

const available = await isDockerAvailable();

/**
 * `describe` for tests that start containers themselves: skipped with a visible reason without Docker,
 * replaced by a failing test when EVENTSPEC_REQUIRE_BROKERS=1.
 */
export function describeWithDocker(name: string, body: () => void): void {
  if (available) {
    describe(name, body);
  } else if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1') {
    test(`${name} (Docker required)`, () => {
      throw new Error(`No Docker engine at ${describeDockerTarget()} and EVENTSPEC_REQUIRE_BROKERS=1`);
    });
  } else {
    describe.skip(`${name} — skipped: no Docker engine at ${describeDockerTarget()}`, body);
  }
}
