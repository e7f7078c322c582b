import { connect } from 'node:net';
import type { ISocketFactory } from 'kafkajs';
import { TcpFaultProxy } from '../faults/tcp-fault-proxy.js';
import { createKafkaClient } from './kafka-client.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';

/**
 * Network faults between kafkajs clients and a running Kafka cluster whose advertised listeners cannot
 * be changed (an external cluster): one {@link TcpFaultProxy} per broker, and a kafkajs `socketFactory`
 * that sends every connection — bootstrap and per-broker alike — through the proxy of that broker.
 * @example
 * await using faults = await KafkaFaultProxy.start(endpoint);
 * const kafka = createKafkaClient(endpoint, { socketFactory: faults.socketFactory });
 * faults.cut();
 */
export class KafkaFaultProxy implements AsyncDisposable {
  readonly #proxies: Map<string, TcpFaultProxy>;
  /** Pass as kafkajs' `socketFactory`. */
  readonly socketFactory: ISocketFactory;

  private constructor(proxies: Map<string, TcpFaultProxy>) {
    this.#proxies = proxies;
    this.socketFactory = ({ host, port, onConnect }) => {
      const proxy = this.#proxies.get(`${host}:${port}`);
      const socket = connect({ host: proxy?.host ?? host, port: proxy?.port ?? port }, onConnect);
      socket.setKeepAlive(true, 30_000);
      return socket;
    };
  }

  /** Starts one proxy per broker the cluster advertises (read from its metadata) and per bootstrap address. */
  static async start(endpoint: KafkaEndpoint): Promise<KafkaFaultProxy> {
    const admin = createKafkaClient(endpoint).admin();
    await admin.connect();
    let addresses: string[];
    try {
      const { brokers } = await admin.describeCluster();
      addresses = [
        ...new Set([...endpoint.brokers, ...brokers.map((broker) => `${broker.host}:${broker.port}`)]),
      ];
    } finally {
      await admin.disconnect();
    }
    const proxies = new Map<string, TcpFaultProxy>();
    for (const address of addresses) {
      const index = address.lastIndexOf(':');
      const upstream = { host: address.slice(0, index), port: Number(address.slice(index + 1)) };
      proxies.set(address, await TcpFaultProxy.start({ upstream }));
    }
    return new KafkaFaultProxy(proxies);
  }

  /** The proxies, by the broker address they stand in for. */
  get proxies(): ReadonlyMap<string, TcpFaultProxy> {
    return this.#proxies;
  }

  /** Adds `ms` of latency to every broker connection, both ways. */
  setLatency(ms: number): void {
    for (const proxy of this.#proxies.values()) proxy.setLatency(ms);
  }

  /** Limits every broker connection to `bytesPerSecond` each way. */
  setBandwidth(bytesPerSecond: number): void {
    for (const proxy of this.#proxies.values()) proxy.setBandwidth(bytesPerSecond);
  }

  /** Partitions the clients from every broker until {@link heal}. */
  cut(): void {
    for (const proxy of this.#proxies.values()) proxy.cut();
  }

  /** Resets every open broker connection. */
  reset(): void {
    for (const proxy of this.#proxies.values()) proxy.reset();
  }

  /** Refuses and resets connections to every broker until {@link heal}. */
  refuse(): void {
    for (const proxy of this.#proxies.values()) proxy.refuse();
  }

  /** Removes every fault. */
  heal(): void {
    for (const proxy of this.#proxies.values()) proxy.heal();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#proxies.values()].map((proxy) => proxy.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
