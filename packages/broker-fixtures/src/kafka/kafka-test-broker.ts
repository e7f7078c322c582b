import type { Consumer, ConsumerConfig, EachMessagePayload, Kafka, Producer, ProducerConfig } from 'kafkajs';
import type { OutgoingMessage, ReceivedMessage } from '../messages/broker-message.js';
import { MessageLog } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';
import { TestBroker } from '../test-broker/test-broker.js';
import { KafkaBroker } from './kafka-broker.js';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';
import { KafkaNamespace, type NamespaceDropResult } from './kafka-namespace.js';
import { Partitions } from './kafka-partitioner.js';
import { toKafkaRecord } from './kafka-record.js';
import { startKafkaSubscription } from './kafka-subscription.js';
import type { KafkaWorkerClients } from './kafka-worker-clients.js';

/** Options of {@link KafkaTestBroker.open}. */
export interface KafkaTestBrokerOptions {
  /** The namespace name (see `formatNamespace`); topics and groups are prefixed with it. */
  namespace: string;
  /** kafkajs client options, e.g. a fault proxy's `socketFactory`. */
  client?: KafkaClientOptions;
  /** A worker's shared client and producer, used instead of this test's own (not closed with the test). */
  shared?: KafkaWorkerClients;
}

/**
 * Kafka for one test: namespaced topics and groups on a shared cluster, publish / consume, `waitFor`
 * with a timeout that fails with what did arrive, `expectNoMessage`, `collect`, `seek`; `close()` drops
 * the namespace and fails if the test left consumers or producers connected.
 * @example
 * await using kafka = await KafkaTestBroker.open(endpoint, { namespace: 'es_…' });
 * await kafka.publish('orders', { key: 'o-1', type: 'OrderPlaced', data: { orderId: 'o-1' } });
 * const [placed] = await kafka.waitFor('orders', (m) => m.key === 'o-1');
 */
export class KafkaTestBroker extends TestBroker<string, NamespaceDropResult> {
  readonly kind = 'kafka' as const;
  readonly endpoint: KafkaEndpoint;
  readonly namespace: KafkaNamespace;
  /**
   * A kafkajs client for the code under test (same brokers and socket factory as the helpers). Every
   * consumer and producer made from it is watched: one still connected when the test ends fails it.
   */
  readonly client: Kafka;
  // The helpers' own, unwatched client.
  readonly #base: Kafka;
  #producer: Promise<Producer> | undefined;
  #broker: KafkaBroker | undefined;
  readonly #fresh: { namespace: KafkaNamespace; broker: KafkaBroker }[] = [];
  readonly #shared: KafkaWorkerClients | undefined;

  private constructor(endpoint: KafkaEndpoint, options: KafkaTestBrokerOptions) {
    super();
    this.endpoint = endpoint;
    this.namespace = new KafkaNamespace(options.namespace);
    this.#shared = options.shared;
    this.#base = options.shared?.client ?? createKafkaClient(endpoint, options.client);
    this.client = this.#watched(this.#base);
  }

  /** A broker helper for one test namespace on `endpoint`. */
  static async open(endpoint: KafkaEndpoint, options: KafkaTestBrokerOptions): Promise<KafkaTestBroker> {
    return new KafkaTestBroker(endpoint, options);
  }

  /**
   * core's `TopicBroker` in this test's namespace: a handler test written against `InMemoryTopicBroker`
   * runs on Kafka with this object instead. Closed with the test.
   */
  broker(): KafkaBroker {
    this.#broker ??= new KafkaBroker(this.#base, this.namespace);
    return this.#broker;
  }

  /**
   * core's `TopicBroker` in a namespace of its own inside this test's (`<namespace>.r<n>.` topics and
   * groups): what `checkDelivery({ broker: { open: () => kafka.newBroker() } })` needs for every real
   * run. Closed, and its topics and groups dropped, with the test. `commitEvery` as in `KafkaBroker`.
   */
  newBroker(options: { commitEvery?: number } = {}): KafkaBroker {
    const namespace = new KafkaNamespace(`${this.namespace.name}.r${this.#fresh.length + 1}`);
    const broker = new KafkaBroker(this.#base, namespace, options);
    this.#fresh.push({ namespace, broker });
    return broker;
  }

  /** The real name of `topic` in this test's namespace; pass it to the code under test. */
  topic(topic: string): string {
    return this.namespace.topic(topic);
  }

  /** The real consumer group id of `group` in this test's namespace. */
  group(group: string): string {
    return this.namespace.group(group);
  }

  /** A kafkajs consumer whose `groupId` is namespaced; the test must disconnect it before it ends. */
  consumer(config: ConsumerConfig): Consumer {
    const consumer = this.#base.consumer({
      maxWaitTimeInMs: 100,
      ...config,
      groupId: this.group(config.groupId),
    });
    return this.#watch(consumer, `consumer of group ${config.groupId}`);
  }

  /** A kafkajs producer; the test must disconnect it before it ends. */
  producer(config: ProducerConfig = {}): Producer {
    return this.#watch(this.#base.producer({ createPartitioner: Partitions.default, ...config }), 'producer');
  }

  /**
   * Publishes one or more messages to `topic` (namespaced), waiting for the broker's acknowledgement; takes
   * the same messages as `KafkaBroker.publish` (core `Message`s), with only `data` required.
   */
  async publish(topic: string, messages: OutgoingMessage | readonly OutgoingMessage[]): Promise<void> {
    const producer = this.#shared ? await this.#shared.producer() : await this.#ownProducer();
    await producer.send({
      topic: this.topic(topic),
      messages: toArray(messages).map(toKafkaRecord),
    });
  }

  #ownProducer(): Promise<Producer> {
    this.#producer ??= (async () => {
      const producer = this.#base.producer({
        createPartitioner: Partitions.default,
        allowAutoTopicCreation: true,
      });
      await producer.connect();
      return producer;
    })();
    return this.#producer;
  }

  /**
   * Runs `handler` for every message of `topic` in consumer group `group` (namespaced) from the
   * beginning; resolves once the consumer has joined. A handler that throws gets the message again.
   * Stopped when the test ends.
   */
  async consume(
    topic: string,
    handler: (message: ReceivedMessage, payload: EachMessagePayload) => Promise<void> | void,
    options: { group?: string } = {},
  ): Promise<Subscription> {
    const subscription = await startKafkaSubscription(this.#base, {
      topic: this.topic(topic),
      destination: topic,
      groupId: this.group(options.group ?? `consumer-${this.subscriptions.length + 1}`),
      fromBeginning: true,
      onMessage: handler,
    });
    this.subscriptions.push(subscription);
    return subscription;
  }

  /** Starts recording `topic` (from its beginning) if not already; `waitFor` and friends read this record. */
  override observe(topic: string): Promise<MessageLog> {
    let log = this.logs.get(topic);
    if (!log) {
      const record = new MessageLog(topic);
      log = this.consume(topic, (message) => record.push(message), { group: `observer.${topic}` }).then(
        () => record,
      );
      this.logs.set(topic, log);
    }
    return log;
  }

  /** Moves the read cursor of `topic`: `latest` marks all recorded messages seen, `earliest` none. */
  async seek(topic: string, to: 'earliest' | 'latest'): Promise<void> {
    (await this.observe(topic)).seek(to);
  }

  protected override async release(): Promise<NamespaceDropResult> {
    await this.#broker?.close();
    await Promise.allSettled(this.#fresh.map(({ broker }) => broker.close()));
    for (const { namespace } of this.#fresh.splice(0))
      await namespace.drop(this.#base, this.endpoint).catch(() => undefined);
    if (this.#producer) await (await this.#producer).disconnect().catch(() => undefined);
    return this.namespace.drop(this.#base, this.endpoint);
  }

  protected override leftOpenMessage(labels: readonly string[]): string {
    return (
      `The test ended with ${labels.length} Kafka client(s) still connected: ${labels.join(', ')} ` +
      `(namespace ${this.namespace.name}). eventspec disconnected them; disconnect them in the test ` +
      '(or stop the code under test) so its handlers do not run after the test is over.'
    );
  }

  // The same client, but every consumer and producer it makes is watched.
  #watched(base: Kafka): Kafka {
    const watched = Object.create(base) as Kafka;
    watched.consumer = (config) => this.#watch(base.consumer(config), `consumer of group ${config.groupId}`);
    watched.producer = (config) => this.#watch(base.producer(config), 'producer');
    return watched;
  }

  #watch<T extends Consumer | Producer>(client: T, label: string): T {
    const events = client.events as { CONNECT: string; DISCONNECT: string };
    const on = client.on as (event: string, listener: () => void) => unknown;
    on.call(client, events.CONNECT, () => this.markOpen(client, label, () => client.disconnect()));
    on.call(client, events.DISCONNECT, () => this.markClosed(client));
    return client;
  }
}

function toArray<T>(items: T | readonly T[]): readonly T[] {
  return Array.isArray(items) ? (items as readonly T[]) : [items as T];
}
