import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { stopBrokerContainer } from '../docker/start-broker-container.js';
import { StartedBrokerContainer } from '../docker/started-broker-container.js';
import { ContainerFaults } from '../faults/container-faults.js';
import type { TcpFaultProxy } from '../faults/tcp-fault-proxy.js';
import { waitForPort } from '../faults/wait-for-port.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';

/**
 * A running Kafka (one node or a cluster; this object is node 1): bootstrap servers, faults per node;
 * `stop()` and `await using` stop every node, the fault proxies and the cluster's network.
 */
export class StartedKafkaContainer extends StartedBrokerContainer {
  /** Every node, node 1 first. */
  readonly containers: readonly StartedTestContainer[];
  /** Broker-level faults per node (index 0 is node 1). */
  readonly faults: readonly ContainerFaults[];
  /** Fault proxies per node when started `withFaultProxy()`; clients of {@link getBootstrapServers} use them. */
  readonly proxies: readonly TcpFaultProxy[];
  readonly #host: string;
  readonly #hostPorts: number[];
  readonly #network: StartedNetwork | undefined;

  constructor(
    containers: StartedTestContainer[],
    host: string,
    hostPorts: number[],
    proxies: TcpFaultProxy[],
    network: StartedNetwork | undefined,
  ) {
    super(containers[0]!);
    this.containers = containers;
    this.#host = host;
    this.#hostPorts = hostPorts;
    this.proxies = proxies;
    this.#network = network;
    this.faults = containers.map(
      (container, index) =>
        new ContainerFaults(container, () =>
          waitForPort(host, hostPorts[index]!, `Kafka on ${host}:${hostPorts[index]}`),
        ),
    );
  }

  /** `host:port` of every node, through the fault proxies when there are some. */
  getBootstrapServers(): string[] {
    if (this.proxies.length > 0) return this.proxies.map((proxy) => proxy.address);
    return this.#hostPorts.map((port) => `${this.#host}:${port}`);
  }

  /** Plain-data endpoint to hand to workers or to the Kafka helpers. */
  getEndpoint(): KafkaEndpoint {
    return { brokers: this.getBootstrapServers(), capabilities: { deleteTopics: true, deleteGroups: true } };
  }

  protected override async containerStopping(): Promise<void> {
    await super.containerStopping();
    await Promise.allSettled(this.containers.slice(1).map((container) => stopBrokerContainer(container)));
  }

  protected override async containerStopped(): Promise<void> {
    await Promise.allSettled(this.proxies.map((proxy) => proxy.close()));
    await this.#network?.stop().catch(() => undefined);
  }
}
