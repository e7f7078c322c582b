import { AbstractStartedContainer, type StopOptions, type StoppedTestContainer } from 'testcontainers';
import { untrackContainer } from './container-reaper.js';

/**
 * A broker container started by eventspec, on Testcontainers' `AbstractStartedContainer`: `stop()` (and
 * `await using`) forgets it in the leak tracker and stops it quickly; stopping twice is harmless.
 */
export abstract class StartedBrokerContainer extends AbstractStartedContainer {
  /** Stops and removes the container. @default a 1 s grace period before SIGKILL */
  override stop(options?: Partial<StopOptions>): Promise<StoppedTestContainer> {
    return super.stop({ timeout: 1000, ...options });
  }

  protected override async containerStopping(): Promise<void> {
    untrackContainer(this.getId());
  }
}
