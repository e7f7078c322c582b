import type { Message, SubscribeOptions, Subscription, TopicBroker } from '@eventspec/core';
import { MessageRejected } from '@eventspec/core';
import type { Kafka, Producer } from 'kafkajs';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { waitUntil } from '../faults/wait-until.js';
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import type { KafkaNamespace } from './kafka-namespace.js';
import { Partitions } from './kafka-partitioner.js';
import { fromKafkaRecord, toKafkaRecord } from './kafka-record.js';

/** Thrown into kafkajs by a crashed consumer so that nothing in flight is committed. */
class ConsumerCrashed extends Error {
  override name = 'ConsumerCrashed';
}

interface Running {
  topic: string;
  subscription: Subscription;
  /** partition → next offset not yet acknowledged or dead-lettered. */
  done: Map<number, bigint>;
}

/**
 * core's `TopicBroker` on a real Kafka cluster, inside one test namespace: a handler test written against
 * `InMemoryTopicBroker` runs here unchanged. Redelivery is Kafka's own — a handler that throws is not
 * committed and comes again — and after `maxAttempts` (or a `MessageRejected`) the message goes to
 * `<topic>.dead-letter`. Get one from `kafka.broker()` in a test.
 */
export class KafkaBroker implements TopicBroker {
  readonly model = 'log' as const;
  readonly #client: Kafka;
  readonly #namespace: KafkaNamespace;
  readonly #running: Running[] = [];
  readonly #commitEvery: number | undefined;
  #producer: Promise<Producer> | undefined;
  #consumers = 0;

  /**
   * `commitEvery`: messages a consumer handles on a partition before it commits their offsets itself
   * (like `InMemoryTopicBroker`'s); a consumer that crashes before the commit has them all delivered again.
   * Without it kafkajs auto-commits (after each batch, and before it stops on a handler error).
   */
  constructor(client: Kafka, namespace: KafkaNamespace, options: { commitEvery?: number } = {}) {
    this.#client = client;
    this.#namespace = namespace;
    this.#commitEvery = options.commitEvery;
  }

  async createTopic(topic: string, options: { partitions?: number } = {}): Promise<void> {
    const name = this.#namespace.topic(topic);
    const admin = this.#client.admin();
    await admin.connect();
    try {
      const created = await admin
        .createTopics({
          topics: [{ topic: name, numPartitions: options.partitions ?? -1 }],
          waitForLeaders: true,
        })
        .then(
          () => true,
          () => false,
        );
      if (created) return;
      // Clusters without CreateTopics (librdkafka's mock) create topics on first use.
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [name] })).topics;
      const count = metadata?.partitions.length ?? 0;
      if (options.partitions !== undefined && count !== options.partitions) {
        throw new BrokerError(
          BrokerErrorCode.Unsupported,
          `createTopic('${topic}', { partitions: ${options.partitions} }): this cluster does not serve CreateTopics ` +
            `and auto-created the topic with ${count} partition(s). Use a real Kafka (KafkaContainer) to choose ` +
            'the partition count, or leave it out.',
          { actual: count, expected: options.partitions },
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(topic: string, messages: readonly Message[]): Promise<void> {
    this.#producer ??= (async () => {
      const producer = this.#client.producer({
        createPartitioner: Partitions.default,
        allowAutoTopicCreation: true,
      });
      await producer.connect();
      return producer;
    })();
    await (await this.#producer).send({
      topic: this.#namespace.topic(topic),
      messages: messages.map(toKafkaRecord),
    });
  }

  /**
   * Starts a consumer of the group (namespaced); the subscription's `crash()` kills it without committing
   * the message in flight, which the group's next consumer gets again from the committed offset.
   */
  async subscribe(options: SubscribeOptions): Promise<CrashableSubscription> {
    const topic = this.#namespace.topic(options.source);
    const maxAttempts = options.maxAttempts ?? 5;
    const attempts = new Map<string, number>();
    const done = new Map<number, bigint>();
    // A crashed consumer is a dead process: it handles nothing more and commits nothing.
    let crashed = false;
    const consumer = this.#client.consumer({
      groupId: this.#namespace.group(options.group ?? 'default'),
      maxWaitTimeInMs: 100,
      sessionTimeout: 6000,
      rebalanceTimeout: 6000,
      heartbeatInterval: 500,
      retry: { initialRetryTime: 50, maxRetryTime: 500, retries: Number.MAX_SAFE_INTEGER },
    });
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const commitEvery = this.#commitEvery;
    const uncommitted = new Map<number, { next: bigint; count: number }>();
    const commit = async (partition: number, next: bigint) => {
      await consumer.commitOffsets([{ topic, partition, offset: String(next) }]);
      uncommitted.delete(partition);
    };
    // A clean stop commits what was handled: now, and for a delivery in flight, right after it.
    let stopping = false;
    const stop = async () => {
      stopping = true;
      for (const [partition, { next }] of [...uncommitted])
        await commit(partition, next).catch(() => undefined);
      await consumer.disconnect();
    };
    await consumer.run({
      autoCommit: commitEvery === undefined,
      partitionsConsumedConcurrently: options.concurrency ?? 1,
      eachMessage: async ({ message: record, partition }) => {
        if (crashed) throw new ConsumerCrashed();
        const where = `${partition}/${record.offset}`;
        const attempt = (attempts.get(where) ?? 0) + 1;
        attempts.set(where, attempt);
        const message = fromKafkaRecord(record, { topic: options.source, partition });
        try {
          await options.handler(message, { attempt, redelivered: attempt > 1, deliveredAt: new Date() });
        } catch (error) {
          if (crashed || (attempt < maxAttempts && !(error instanceof MessageRejected))) throw error;
          await this.publish(`${options.source}.dead-letter`, [message]);
        }
        if (crashed) throw new ConsumerCrashed();
        const next = BigInt(record.offset) + 1n;
        done.set(partition, next);
        if (commitEvery === undefined) return;
        const count = (uncommitted.get(partition)?.count ?? 0) + 1;
        uncommitted.set(partition, { next, count });
        if (count >= commitEvery || stopping) await commit(partition, next);
      },
    });
    await joined;
    const subscription: CrashableSubscription = {
      id: `${options.group ?? 'default'}#${++this.#consumers}`,
      stop,
      crash: async () => {
        crashed = true;
        const at = this.#running.findIndex((running) => running.subscription === subscription);
        if (at >= 0) this.#running.splice(at, 1);
        await consumer.disconnect();
      },
      [Symbol.asyncDispose]: stop,
    };
    this.#running.push({ topic, subscription, done });
    return subscription;
  }

  async committedOffsets(group: string, topic: string): Promise<number[]> {
    const admin = this.#client.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({
        groupId: this.#namespace.group(group),
        topics: [this.#namespace.topic(topic)],
      });
      const result: number[] = [];
      for (const { partition, offset } of offsets?.partitions ?? [])
        result[partition] = Math.max(0, Number(offset));
      return Array.from(result, (offset) => offset ?? 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Resolves once every subscription has handled (acknowledged or dead-lettered) what its topic held at the call. */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 5000;
    const admin = this.#client.admin();
    await admin.connect();
    try {
      const targets = await Promise.all(
        this.#running.map(async (running) => ({
          running,
          ends: await admin.fetchTopicOffsets(running.topic),
        })),
      );
      const behind = () =>
        targets.flatMap(({ running, ends }) =>
          ends
            .filter(({ partition, high }) => (running.done.get(partition) ?? 0n) < BigInt(high))
            .map(
              ({ partition, high }) =>
                `${running.topic}[${partition}] at ${running.done.get(partition) ?? 0}/${high}`,
            ),
        );
      await waitUntil(async () => behind().length === 0, {
        timeoutMs: timeout,
        what: 'KafkaBroker',
        intervalMs: 20,
      }).catch(() => {
        throw new BrokerError(
          BrokerErrorCode.SettleTimeout,
          `KafkaBroker.settle() waited ${timeout} ms and messages are still unhandled: ${behind().join(', ')}. ` +
            'A handler may hang or keep failing; pass a longer { timeout } if it is just slow.',
        );
      });
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#running.splice(0).map(({ subscription }) => subscription.stop()));
    if (this.#producer) await (await this.#producer).disconnect().catch(() => undefined);
    this.#producer = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
