import { Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { BrokerContainer } from '../docker/broker-container.js';
import { connectDocker } from '../docker/docker-engine.js';
import { findFreePort } from '../docker/host-ports.js';
import { ensureRyuk } from '../docker/ryuk-reaper.js';
import {
  type BrokerContainerSpec,
  startBrokerContainer,
  stopBrokerContainer,
} from '../docker/start-broker-container.js';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { TcpFaultProxy } from '../faults/tcp-fault-proxy.js';
import { kafkaContainerSpecs } from './kafka-container-spec.js';
import { defaultKafkaImage } from './kafka-images.js';
import { newKafkaClusterId } from './kafka-listeners.js';
import { StartedKafkaContainer } from './started-kafka-container.js';

/**
 * A disposable KRaft Kafka on Testcontainers (a `GenericContainer`): `apache/kafka-native` by default,
 * `apache/kafka` or Confluent's `cp-kafka` when given; one node, or a cluster on its own Docker network
 * with `withNodes(3)` (this container is node 1; `GenericContainer` settings such as `withEnvironment`
 * apply to it only).
 * Host ports are picked before start and advertised, so `getBootstrapServers()` works from the host, a
 * restart keeps the address, and `withFaultProxy()` puts a proxy in front that clients cannot bypass.
 * @example
 * await using kafka = await new KafkaContainer().start();
 * const brokers = kafka.getBootstrapServers();
 */
export class KafkaContainer extends BrokerContainer {
  #nodes = 1;
  #hostPorts: number[] | undefined;
  #faultProxy = false;

  /** @default process.env.EVENTSPEC_KAFKA_IMAGE, else `apache/kafka-native` (pinned); startup timeout 90 s */
  constructor(image: string = defaultKafkaImage()) {
    super(image, 90_000);
  }

  /** Number of KRaft nodes (each broker and controller). @default 1 */
  withNodes(count: number): this {
    this.#nodes = count;
    return this;
  }

  /** Fixed host ports, one per node, instead of free ones. */
  withHostPorts(...ports: number[]): this {
    this.#hostPorts = ports;
    return this;
  }

  /** Route clients through an in-process {@link TcpFaultProxy} per node (advertised listeners point at it). */
  withFaultProxy(): this {
    this.#faultProxy = true;
    return this;
  }

  /** Keep the container after the run and share it with later runs (cross-process lock); needs {@link withHostPorts}. */
  override withReuse(): this {
    return super.withReuse();
  }

  // Every configuration problem at once, before anything starts.
  #validate(): void {
    const problems = problemsOf({
      nodes: this.#nodes,
      hostPorts: this.#hostPorts,
      reuse: this.reuse,
      startupTimeoutMs: this.startSettings.startupTimeoutMs,
    });
    if (problems.length > 0) {
      throw new BrokerError(
        BrokerErrorCode.InvalidOptions,
        `KafkaContainer cannot start:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
        { actual: problems.length, expected: 0 },
      );
    }
  }

  override async start(): Promise<StartedKafkaContainer> {
    this.#validate();
    const settings = this.startSettings;
    // Where the published ports are reached: localhost on a local engine, the bridge gateway when the tests
    // themselves run in a container beside the engine, the remote host for a remote DOCKER_HOST.
    const client = await connectDocker();
    const host = client.info.containerRuntime.host;
    const hostPorts = this.#hostPorts ?? (await Promise.all(range(this.#nodes).map(() => findFreePort())));
    const proxies: TcpFaultProxy[] = [];
    const proxied = [];
    if (this.#faultProxy) {
      for (const _ of hostPorts) {
        const hostPort = await findFreePort();
        const proxy = await TcpFaultProxy.start({ upstream: { host, port: hostPort } });
        proxies.push(proxy);
        proxied.push({ hostPort, proxyHost: proxy.host, proxyPort: proxy.port });
      }
    }
    const specs = kafkaContainerSpecs({
      ...settings,
      clusterId: newKafkaClusterId(),
      hostPorts,
      ...(this.#faultProxy ? { proxied } : {}),
      advertisedHost: host,
    });
    let network: StartedNetwork | undefined;
    const containers: StartedTestContainer[] = [];
    try {
      if (specs.length > 1) {
        // Network.start() starts Testcontainers' Ryuk when it is on: name it if it cannot be had.
        await ensureRyuk(client, settings.pull);
        network = await new Network().start();
      }
      const results = await Promise.allSettled(
        specs.map((spec, index) => {
          const node: BrokerContainerSpec = network
            ? { ...spec, network: { network, hostname: `kafka-${index + 1}` } }
            : spec;
          const started = index === 0 ? this.startAsBroker(node) : startBrokerContainer(node);
          return started.then((container) => {
            containers[index] = container;
          });
        }),
      );
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      await Promise.allSettled(containers.filter(Boolean).map((container) => stopBrokerContainer(container)));
      await Promise.allSettled(proxies.map((proxy) => proxy.close()));
      await network?.stop().catch(() => undefined);
      throw error;
    }
    return new StartedKafkaContainer(containers, host, hostPorts, proxies, network);
  }
}

function problemsOf(options: {
  nodes: number;
  hostPorts: number[] | undefined;
  reuse: boolean;
  startupTimeoutMs: number;
}): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.nodes) || options.nodes < 1) {
    problems.push(`withNodes(${options.nodes}): a cluster needs a whole number of nodes, at least 1.`);
  }
  if (options.hostPorts && options.hostPorts.length !== options.nodes) {
    problems.push(
      `withHostPorts(${options.hostPorts.join(', ')}): one port per node is needed (${options.nodes} node(s)).`,
    );
  }
  if (options.reuse && !options.hostPorts) {
    problems.push(
      'withReuse() needs withHostPorts(...): Kafka advertises its host port, so a reused broker must keep ' +
        'the same one across runs (e.g. withHostPorts(39092)).',
    );
  }
  if (!(options.startupTimeoutMs > 0)) {
    problems.push(`withStartupTimeout(${options.startupTimeoutMs}): the timeout must be positive.`);
  }
  return problems;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
