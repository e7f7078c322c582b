import type { Kafka, Producer } from 'kafkajs';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';
import { Partitions } from './kafka-partitioner.js';

/**
 * The kafkajs client and producer one vitest worker shares between its tests (connections are set up
 * once per worker, not per test); each test still gets its own namespace.
 */
export class KafkaWorkerClients implements AsyncDisposable {
  readonly client: Kafka;
  #producer: Promise<Producer> | undefined;

  constructor(endpoint: KafkaEndpoint, options: KafkaClientOptions = {}) {
    this.client = createKafkaClient(endpoint, options);
  }

  /** The shared producer, connected on first use. */
  producer(): Promise<Producer> {
    this.#producer ??= (async () => {
      const producer = this.client.producer({
        createPartitioner: Partitions.default,
        allowAutoTopicCreation: true,
      });
      await producer.connect();
      return producer;
    })();
    return this.#producer;
  }

  async close(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    if (producer) await (await producer).disconnect().catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
