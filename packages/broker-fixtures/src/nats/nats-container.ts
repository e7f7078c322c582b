import type { StartedTestContainer } from 'testcontainers';
import { BrokerContainer } from '../docker/broker-container.js';
import { findFreePort } from '../docker/host-ports.js';
import { StartedBrokerContainer } from '../docker/started-broker-container.js';
import { ContainerFaults } from '../faults/container-faults.js';
import { waitForReply } from '../faults/wait-for-port.js';
import type { NatsEndpoint } from './nats-endpoint.js';

/** The official NATS image, pinned; override with EVENTSPEC_NATS_IMAGE. */
export const DEFAULT_NATS_IMAGE = 'nats:2.11.9-alpine';

/**
 * A disposable NATS server with JetStream on Testcontainers (a `GenericContainer`): client port 4222 and
 * monitoring port 8222 on free host ports picked before start (a restart keeps them).
 * @example
 * await using nats = await new NatsContainer().start();
 * const url = nats.getUrl();
 */
export class NatsContainer extends BrokerContainer {
  #hostPorts: { client?: number; monitoring?: number } = {};

  /** @default process.env.EVENTSPEC_NATS_IMAGE, else {@link DEFAULT_NATS_IMAGE}; startup timeout 30 s */
  constructor(image: string = process.env.EVENTSPEC_NATS_IMAGE || DEFAULT_NATS_IMAGE) {
    super(image, 30_000);
  }

  /** Fixed host ports instead of free ones picked at start. */
  withHostPorts(ports: { client?: number; monitoring?: number }): this {
    this.#hostPorts = { ...ports };
    return this;
  }

  override async start(): Promise<StartedNatsContainer> {
    const settings = this.startSettings;
    const pick = async (port: number | undefined) =>
      port ?? (settings.reuse ? undefined : await findFreePort());
    const client = await pick(this.#hostPorts.client);
    const monitoring = await pick(this.#hostPorts.monitoring);
    const container = await this.startAsBroker({
      ...settings,
      broker: 'nats',
      imageEnvVariable: 'EVENTSPEC_NATS_IMAGE',
      ports: [
        { container: 4222, ...(client === undefined ? {} : { host: client }) },
        { container: 8222, ...(monitoring === undefined ? {} : { host: monitoring }) },
      ],
      environment: {},
      // The official image's entrypoint and a plain one both run this: JetStream on, store in the container.
      command: ['nats-server', '-js', '-p', '4222', '-m', '8222', '-sd', '/tmp/nats'],
      readyLog: /Server is ready/,
    });
    return new StartedNatsContainer(container);
  }
}

/** A running NATS container: URL, endpoint, faults; `await using` stops it. */
export class StartedNatsContainer extends StartedBrokerContainer {
  readonly faults: ContainerFaults;

  constructor(container: StartedTestContainer) {
    super(container);
    // A NATS server greets every client with its INFO line.
    this.faults = new ContainerFaults(container, () =>
      waitForReply(this.getHost(), this.getMappedPort(4222), {
        reply: /^INFO /,
        what: `NATS at ${this.getUrl()}`,
      }),
    );
  }

  /** `nats://host:port` */
  getUrl(): string {
    return `nats://${this.getHost()}:${this.getMappedPort(4222)}`;
  }

  /** `http://host:port` of the monitoring endpoint (`/varz`, `/jsz`, `/connz`). */
  getMonitoringUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(8222)}`;
  }

  /** Plain-data endpoint to hand to workers or to the NATS helpers. */
  getEndpoint(): NatsEndpoint {
    return { url: this.getUrl() };
  }
}
