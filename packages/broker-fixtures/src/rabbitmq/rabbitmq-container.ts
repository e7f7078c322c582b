import type { StartedTestContainer } from 'testcontainers';
import { BrokerContainer } from '../docker/broker-container.js';
import { readLogsTail } from '../docker/container-logs.js';
import { connectDocker } from '../docker/docker-engine.js';
import { findFreePort } from '../docker/host-ports.js';
import { StartedBrokerContainer } from '../docker/started-broker-container.js';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { ContainerFaults } from '../faults/container-faults.js';
import { waitUntil } from '../faults/wait-until.js';
import type { RabbitMqEndpoint } from './rabbitmq-endpoint.js';
import { RabbitMqManagement } from './rabbitmq-management.js';

/** The official RabbitMQ image with the management plugin, pinned; override with EVENTSPEC_RABBITMQ_IMAGE. */
export const DEFAULT_RABBITMQ_IMAGE = 'rabbitmq:4.1.4-management-alpine';

/**
 * A disposable RabbitMQ on Testcontainers (a `GenericContainer`), AMQP and management API exposed on fixed
 * free host ports (a restart keeps them).
 * @example
 * await using rabbit = await new RabbitMqContainer().start();
 * const url = rabbit.getAmqpUrl();
 */
export class RabbitMqContainer extends BrokerContainer {
  #username = 'guest';
  #password = 'guest';
  #hostPorts: { amqp?: number; management?: number } = {};

  /** @default process.env.EVENTSPEC_RABBITMQ_IMAGE, else {@link DEFAULT_RABBITMQ_IMAGE}; startup timeout 60 s */
  constructor(image: string = process.env.EVENTSPEC_RABBITMQ_IMAGE || DEFAULT_RABBITMQ_IMAGE) {
    super(image, 60_000);
  }

  /** User and password of the default user (official image only). @default guest / guest */
  withCredentials(username: string, password: string): this {
    this.#username = username;
    this.#password = password;
    return this;
  }

  /** Fixed host ports instead of free ones picked at start. */
  withHostPorts(ports: { amqp?: number; management?: number }): this {
    this.#hostPorts = { ...ports };
    return this;
  }

  /**
   * Keep the container after the run and share it with later runs (cross-process lock, no duplicates).
   * Host ports are then Docker's unless fixed with {@link withHostPorts}; a restart may change them.
   */
  override withReuse(): this {
    return super.withReuse();
  }

  override async start(): Promise<StartedRabbitMqContainer> {
    const settings = this.startSettings;
    // A reused container is found by the hash of its configuration: random host ports would defeat it.
    const pick = async (port: number | undefined) =>
      port ?? (settings.reuse ? undefined : await findFreePort());
    const amqp = await pick(this.#hostPorts.amqp);
    const management = await pick(this.#hostPorts.management);
    const custom = this.#username !== 'guest' || this.#password !== 'guest';
    const container = await this.startAsBroker({
      ...settings,
      broker: 'rabbitmq',
      imageEnvVariable: 'EVENTSPEC_RABBITMQ_IMAGE',
      ports: [
        { container: 5672, ...(amqp === undefined ? {} : { host: amqp }) },
        { container: 15672, ...(management === undefined ? {} : { host: management }) },
      ],
      environment: custom
        ? { RABBITMQ_DEFAULT_USER: this.#username, RABBITMQ_DEFAULT_PASS: this.#password }
        : {},
      readyLog: /Server startup complete/,
    });
    const started = new StartedRabbitMqContainer(container, this.#username, this.#password);
    try {
      await started.waitUntilReady(settings.startupTimeoutMs);
    } catch (cause) {
      const docker = await connectDocker();
      const logsTail = await readLogsTail(docker, container.getId());
      const running = await docker.container.dockerode
        .getContainer(container.getId())
        .inspect()
        .then(
          (info) => info.State.Running && !info.State.Paused,
          () => false,
        );
      await started.stop().catch(() => undefined);
      throw new BrokerError(
        BrokerErrorCode.NotReady,
        running
          ? `RabbitMQ (${settings.image}) started but its management API never answered: ${(cause as Error).message} ` +
              'The container was removed. The image needs the management plugin (the official `-management` tags have it).'
          : `RabbitMQ (${settings.image}) stopped, was killed or paused before its management API answered: ` +
              `${(cause as Error).message} The container was removed; read its log below.`,
        { cause, logsTail },
      );
    }
    return started;
  }
}

/** A running RabbitMQ container: endpoint, management API, faults; `await using` stops it. */
export class StartedRabbitMqContainer extends StartedBrokerContainer {
  readonly management: RabbitMqManagement;
  readonly faults: ContainerFaults;
  readonly #username: string;
  readonly #password: string;

  constructor(container: StartedTestContainer, username: string, password: string) {
    super(container);
    this.#username = username;
    this.#password = password;
    this.management = new RabbitMqManagement(
      this.getManagementUrl(),
      username,
      password,
      `${container.getHost()}:${container.getMappedPort(5672)}`,
    );
    this.faults = new ContainerFaults(container, () => this.waitUntilReady(60_000));
  }

  /** `amqp://user:pass@host:port`, with `/<vhost>` when given. */
  getAmqpUrl(vhost?: string): string {
    const auth = `${encodeURIComponent(this.#username)}:${encodeURIComponent(this.#password)}`;
    const base = `amqp://${auth}@${this.getHost()}:${this.getMappedPort(5672)}`;
    return vhost === undefined ? base : `${base}/${encodeURIComponent(vhost)}`;
  }

  getManagementUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(15672)}`;
  }

  /** Plain-data endpoint to hand to workers or to the RabbitMQ helpers. */
  getEndpoint(): RabbitMqEndpoint {
    return {
      amqpUrl: this.getAmqpUrl(),
      managementUrl: this.getManagementUrl(),
      username: this.#username,
      password: this.#password,
    };
  }

  /** Resolves once the management API answers (it comes up last), polling up to `timeoutMs`. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    await waitUntil(() => this.management.overview().then(() => true), {
      timeoutMs,
      what: `RabbitMQ management API at ${this.getManagementUrl()}`,
    });
  }
}
