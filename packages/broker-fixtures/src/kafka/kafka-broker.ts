import type { Message, SubscribeOptions, Subscription, TopicBroker } from '@eventspec/core';
import { MessageRejected } from '@eventspec/core';
import type { Kafka, Producer } from 'kafkajs';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { type BrokerCall, brokerCall, DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import { waitUntil } from '../faults/wait-until.js';
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import {
  DEFAULT_CLOSE_GRACE_MS,
  handlersUnsettled,
  InFlightHandlers,
} from '../messages/in-flight-handlers.js';
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
  /** The consumer group (namespaced): its subscriptions share the partitions, so their progress adds up. */
  group: string;
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
  readonly #handlers = new InFlightHandlers();
  readonly #running: Running[] = [];
  readonly #commitEvery: number | undefined;
  readonly #call: BrokerCall;
  #producer: Promise<Producer> | undefined;
  #consumers = 0;

  /**
   * `commitEvery`: messages a consumer handles on a partition before it commits their offsets itself
   * (like `InMemoryTopicBroker`'s); a consumer that crashes before the commit has them all delivered again.
   * Without it kafkajs auto-commits (after each batch, and before it stops on a handler error).
   */
  constructor(
    client: Kafka,
    namespace: KafkaNamespace,
    options: {
      commitEvery?: number;
      /** Deadline (`timeout`, default 10000 ms) and words for each call's errors. */
      call?: Partial<BrokerCall>;
    } = {},
  ) {
    this.#client = client;
    this.#namespace = namespace;
    this.#commitEvery = options.commitEvery;
    this.#call = {
      broker: `Kafka (namespace ${namespace.name})`,
      timeout: DEFAULT_CALL_TIMEOUT_MS,
      ...options.call,
      operation: 'KafkaBroker',
    };
  }

  #bounded<T>(operation: string, run: () => T | PromiseLike<T>, timeout = this.#call.timeout): Promise<T> {
    return brokerCall({ ...this.#call, operation: `KafkaBroker.${operation}`, timeout }, run);
  }

  async createTopic(topic: string, options: { partitions?: number } = {}): Promise<void> {
    await this.#bounded(`createTopic('${topic}')`, () => this.#createTopic(topic, options));
  }

  async #createTopic(topic: string, options: { partitions?: number }): Promise<void> {
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

  async publish(
    topic: string,
    messages: readonly Message[],
    options: { /** @default the broker's timeout (10000) */ timeout?: number } = {},
  ): Promise<void> {
    await this.#bounded(`publish('${topic}')`, () => this.#publish(topic, messages), options.timeout);
  }

  async #publish(topic: string, messages: readonly Message[]): Promise<void> {
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
    let started: { disconnect: () => Promise<void> } | undefined;
    try {
      return await this.#bounded(`subscribe('${options.source}')`, () =>
        this.#subscribe(options, (consumer) => {
          started = consumer;
        }),
      );
    } catch (error) {
      void started?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async #subscribe(
    subscribed: SubscribeOptions,
    onConsumer: (consumer: { disconnect: () => Promise<void> }) => void,
  ): Promise<CrashableSubscription> {
    const { options, forget } = this.#handlers.track(subscribed);
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
    onConsumer(consumer);
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
          await this.#publish(`${options.source}.dead-letter`, [message]);
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
        forget();
        const at = this.#running.findIndex((running) => running.subscription === subscription);
        if (at >= 0) this.#running.splice(at, 1);
        await consumer.disconnect();
      },
      [Symbol.asyncDispose]: stop,
    };
    this.#running.push({
      topic,
      group: this.#namespace.group(options.group ?? 'default'),
      subscription,
      done,
    });
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

  /**
   * Resolves once every subscription has handled (acknowledged or dead-lettered) what its topic held at the
   * call; rejects with `EVENTSPEC_BROKER_SETTLE_TIMEOUT` after `timeout` ms, the cluster's answers included.
   */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 5000;
    const deadline = Date.now() + timeout;
    let behind: () => string[] = () => [];
    // A group's partitions move between its subscriptions (a rebalance, a consumer replaced): its
    // progress on a partition is the furthest any of them got.
    const progress = (running: Running, partition: number) =>
      this.#running
        .filter((other) => other.topic === running.topic && other.group === running.group)
        .reduce((furthest, other) => {
          const done = other.done.get(partition) ?? 0n;
          return done > furthest ? done : furthest;
        }, 0n);
    const admin = this.#client.admin();
    try {
      await this.#bounded(
        'settle()',
        async () => {
          await admin.connect();
          const targets = await Promise.all(
            this.#running.map(async (running) => ({
              running,
              ends: await admin.fetchTopicOffsets(running.topic),
            })),
          );
          behind = () =>
            targets.flatMap(({ running, ends }) =>
              ends
                .filter(({ partition, high }) => progress(running, partition) < BigInt(high))
                .map(
                  ({ partition, high }) =>
                    `${running.topic}[${partition}] at ${progress(running, partition)}/${high}`,
                ),
            );
          await waitUntil(async () => behind().length === 0, {
            timeoutMs: Math.max(0, deadline - Date.now()),
            what: 'KafkaBroker',
            intervalMs: 20,
          });
        },
        timeout,
      );
    } catch (error) {
      if (error instanceof BrokerError && error.code === BrokerErrorCode.ConnectionLost) throw error;
      const answered = !(error instanceof BrokerError && error.code === BrokerErrorCode.NotAnswering);
      throw new BrokerError(
        BrokerErrorCode.SettleTimeout,
        `KafkaBroker.settle() gave up after ${timeout} ms: ` +
          (answered
            ? `messages are still unhandled: ${behind().join(', ')}. A handler may hang or keep failing`
            : 'the cluster did not answer (paused, overloaded, or the network is cut)') +
          '. Pass a longer { timeout } if it is only slow.',
        { cause: error, actual: behind(), expected: [] },
      );
    } finally {
      void admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Stops every subscription and the producer; each step bounded (3 s), so a dead cluster cannot hang it.
   * The handler calls in flight are waited for `timeout` ms at most: a call still running then is not
   * committed (the group gets it again), the producer is closed all the same, and
   * `EVENTSPEC_BROKER_HANDLER_UNSETTLED` names the call.
   */
  async close(options: { /** @default 5000 */ timeout?: number } = {}): Promise<void> {
    const grace = options.timeout ?? DEFAULT_CLOSE_GRACE_MS;
    const quietly = (step: () => Promise<unknown>, timeout = 3000) =>
      this.#bounded('close()', step, timeout).catch(() => undefined);
    // kafkajs's disconnect waits for the message in flight: bounded by the grace period (3 s at least).
    const stopping = Promise.allSettled(
      this.#running
        .splice(0)
        .map(({ subscription }) => quietly(() => subscription.stop(), Math.max(3000, grace))),
    );
    const unsettled = await this.#handlers.settleWithin(stopping, grace);
    const producer = this.#producer;
    this.#producer = undefined;
    if (producer) await quietly(async () => (await producer).disconnect());
    if (unsettled.length > 0) throw handlersUnsettled('KafkaBroker.close()', unsettled, grace);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
