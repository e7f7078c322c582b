import type { StartedTestContainer } from 'testcontainers';
import { BrokerContainer } from '../docker/broker-container.js';
import { findFreePort } from '../docker/host-ports.js';
import { StartedBrokerContainer } from '../docker/started-broker-container.js';
import { ContainerFaults } from '../faults/container-faults.js';
import { waitForReply } from '../faults/wait-for-port.js';
import type { RedisEndpoint } from './redis-endpoint.js';

/** The official Redis image, pinned; override with EVENTSPEC_REDIS_IMAGE. */
export const DEFAULT_REDIS_IMAGE = 'redis:7.4.6-alpine';

/**
 * A disposable Redis on Testcontainers (a `GenericContainer`), port 6379 on a free host port picked
 * before start (a restart keeps it). The image's own command runs (no persistence needed by tests).
 * @example
 * await using redis = await new RedisContainer().start();
 * const url = redis.getUrl();
 */
export class RedisContainer extends BrokerContainer {
  #hostPort: number | undefined;

  /** @default process.env.EVENTSPEC_REDIS_IMAGE, else {@link DEFAULT_REDIS_IMAGE}; startup timeout 30 s */
  constructor(image: string = process.env.EVENTSPEC_REDIS_IMAGE || DEFAULT_REDIS_IMAGE) {
    super(image, 30_000);
  }

  /** A fixed host port instead of a free one picked at start. */
  withHostPort(port: number): this {
    this.#hostPort = port;
    return this;
  }

  override async start(): Promise<StartedRedisContainer> {
    const settings = this.startSettings;
    const port = this.#hostPort ?? (settings.reuse ? undefined : await findFreePort());
    const container = await this.startAsBroker({
      ...settings,
      broker: 'redis',
      imageEnvVariable: 'EVENTSPEC_REDIS_IMAGE',
      ports: [{ container: 6379, ...(port === undefined ? {} : { host: port }) }],
      environment: {},
      readyLog: /Ready to accept connections/,
    });
    return new StartedRedisContainer(container);
  }
}

/** A running Redis container: URL, endpoint, faults; `await using` stops it. */
export class StartedRedisContainer extends StartedBrokerContainer {
  readonly faults: ContainerFaults;

  constructor(container: StartedTestContainer) {
    super(container);
    this.faults = new ContainerFaults(container, () =>
      waitForReply(this.getHost(), this.getMappedPort(6379), {
        send: 'PING\r\n',
        reply: /^\+PONG/,
        what: `Redis at ${this.getUrl()}`,
      }),
    );
  }

  /** `redis://host:port` */
  getUrl(): string {
    return `redis://${this.getHost()}:${this.getMappedPort(6379)}`;
  }

  /** Plain-data endpoint to hand to workers or to the Redis helpers. */
  getEndpoint(): RedisEndpoint {
    return { url: this.getUrl() };
  }
}
