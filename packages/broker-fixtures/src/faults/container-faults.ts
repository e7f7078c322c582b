import type { StartedTestContainer } from 'testcontainers';
import { connectDocker } from '../docker/docker-engine.js';
import { recordBroker } from '../records/broker-records.js';

/**
 * Broker-level faults on a container started by eventspec: `docker pause` (the broker freezes, sockets
 * stay open), stop and start again keeping its data and host ports, restart.
 */
export class ContainerFaults {
  readonly #container: StartedTestContainer;
  readonly #waitUntilReady: () => Promise<void>;

  constructor(container: StartedTestContainer, waitUntilReady: () => Promise<void>) {
    this.#container = container;
    this.#waitUntilReady = waitUntilReady;
  }

  /** Freezes every process of the broker (`docker pause`): clients see timeouts, not disconnects. */
  async pause(): Promise<void> {
    recordBroker(`container ${this.#container.getName()}`, 'fault', () => `paused (docker pause)`);
    await (await this.#docker()).pause();
  }

  /** Resumes a paused broker. */
  async unpause(): Promise<void> {
    recordBroker(`container ${this.#container.getName()}`, 'fault', () => `unpaused`);
    await (await this.#docker()).unpause();
  }

  /** Pauses the broker for `ms` milliseconds, then resumes it. */
  async pauseFor(ms: number): Promise<void> {
    await this.pause();
    try {
      await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      await this.unpause();
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after `timeoutSeconds`); its data stays for {@link start}. */
  async stop(timeoutSeconds = 5): Promise<void> {
    recordBroker(`container ${this.#container.getName()}`, 'fault', () => `stopped`);
    await (await this.#docker()).stop({ t: timeoutSeconds });
  }

  /** Starts a stopped broker again on the same host ports and waits until it serves clients. */
  async start(): Promise<void> {
    recordBroker(`container ${this.#container.getName()}`, 'fault', () => `started again`);
    await (await this.#docker()).start();
    await this.#waitUntilReady();
  }

  /** Stops and starts the broker, keeping data and host ports; resolves when it serves clients again. */
  async restart(timeoutSeconds = 5): Promise<void> {
    recordBroker(`container ${this.#container.getName()}`, 'fault', () => `restarted`);
    await (await this.#docker()).restart({ t: timeoutSeconds });
    await this.#waitUntilReady();
  }

  async #docker() {
    const client = await connectDocker();
    return client.container.dockerode.getContainer(this.#container.getId());
  }
}
