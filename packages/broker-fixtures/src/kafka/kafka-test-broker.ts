import type { Consumer, ConsumerConfig, EachMessagePayload, Kafka, Producer, ProducerConfig } from 'kafkajs';
import { ownResource } from '../docker/owned-resources.js';
import { DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import type { OutgoingMessage, ReceivedMessage } from '../messages/broker-message.js';
import { MessageLog } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';
import { TestBroker } from '../test-broker/test-broker.js';
import { KafkaBroker } from './kafka-broker.js';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client.js';
import type { KafkaEndpoint } from './kafka-endpoint.js';
import { KafkaNamespace, type NamespaceDropResult } from './kafka-namespace.js';
import { Partitions } from './kafka-partitioner.js';
import { kafkaDown } from './kafka-probe.js';
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
  /**
   * How long each call (publish, consume, waitFor, close) waits for the cluster before failing with
   * `EVENTSPEC_BROKER_NOT_ANSWERING`, or `EVENTSPEC_BROKER_CONNECTION_LOST` when it is down.
   * @default 10000
   */
  timeout?: number;
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
  readonly #socketFactory: KafkaClientOptions['socketFactory'];
  readonly #release: () => void;

  private constructor(endpoint: KafkaEndpoint, options: KafkaTestBrokerOptions) {
    super();
    this.endpoint = endpoint;
    this.namespace = new KafkaNamespace(options.namespace);
    this.callTimeout = options.timeout ?? DEFAULT_CALL_TIMEOUT_MS;
    this.#socketFactory = options.client?.socketFactory;
    // Before any topic exists: a run killed at any moment has its namespace dropped by the watchdog.
    this.#release = ownResource({
      kind: 'kafka-namespace',
      brokers: endpoint.brokers,
      prefix: options.namespace,
    });
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
    this.#broker ??= new KafkaBroker(this.#base, this.namespace, { call: this.#brokerCall() });
    return this.#broker;
  }

  /**
   * core's `TopicBroker` in a namespace of its own inside this test's (`<namespace>.r<n>.` topics and
   * groups): what `checkDelivery({ broker: { open: () => kafka.newBroker() } })` needs for every real
   * run. Closed, and its topics and groups dropped, with the test. `commitEvery` as in `KafkaBroker`.
   */
  newBroker(options: { commitEvery?: number } = {}): KafkaBroker {
    const namespace = new KafkaNamespace(`${this.namespace.name}.r${this.#fresh.length + 1}`);
    const broker = new KafkaBroker(this.#base, namespace, { ...options, call: this.#brokerCall() });
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
  async publish(
    topic: string,
    messages: OutgoingMessage | readonly OutgoingMessage[],
    options: { /** @default 10000 */ timeout?: number } = {},
  ): Promise<void> {
    await this.call(
      `publish('${topic}')`,
      async () => {
        const producer = this.#shared ? await this.#shared.producer() : await this.#ownProducer();
        await producer.send({
          topic: this.topic(topic),
          messages: toArray(messages).map(toKafkaRecord),
        });
      },
      options.timeout,
    );
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
    options: { group?: string /** @default 10000 */; timeout?: number } = {},
  ): Promise<Subscription> {
    const groupId = this.group(options.group ?? `consumer-${this.subscriptions.length + 1}`);
    let started: Consumer | undefined;
    try {
      const subscription = await this.call(
        `consume('${topic}')`,
        () =>
          startKafkaSubscription(this.#base, {
            topic: this.topic(topic),
            destination: topic,
            groupId,
            fromBeginning: true,
            onMessage: handler,
            onConsumer: (consumer) => {
              started = consumer;
            },
          }),
        options.timeout,
      );
      this.subscriptions.push(subscription);
      return subscription;
    } catch (error) {
      // Abandoned: a consumer retrying in the background must not outlive the call.
      void started?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Starts recording `topic` (from its beginning) if not already; `waitFor` and friends read this record. */
  override observe(topic: string): Promise<MessageLog> {
    let log = this.logs.get(topic);
    if (!log) {
      const record = new MessageLog(topic);
      log = this.consume(topic, (message) => record.push(message), { group: `observer.${topic}` }).then(
        () => record,
      );
      // A start that failed (cluster paused or down) is tried again by the next call.
      log.catch(() => this.logs.delete(topic));
      this.logs.set(topic, log);
    }
    return log;
  }

  /** Moves the read cursor of `topic`: `latest` marks all recorded messages seen, `earliest` none. */
  async seek(topic: string, to: 'earliest' | 'latest'): Promise<void> {
    (await this.observe(topic)).seek(to);
  }

  /** Closes the brokers and the producer (each step bounded), then drops the namespace. */
  protected override async release(): Promise<NamespaceDropResult> {
    await Promise.allSettled([this.#broker?.close(), ...this.#fresh.map(({ broker }) => broker.close())]);
    for (const { namespace } of this.#fresh.splice(0))
      await this.quietly(() => namespace.drop(this.#base, this.endpoint), 3000);
    const producer = this.#producer;
    if (producer) await this.quietly(async () => (await producer).disconnect(), 3000);
    const dropped = await this.namespace.drop(this.#base, this.endpoint);
    this.#release();
    return dropped;
  }

  protected override describeBroker(): string {
    return `Kafka at ${this.endpoint.brokers.join(', ')} (namespace ${this.namespace.name})`;
  }

  /** Down when no broker keeps a connection open (refused or reset at once). */
  protected override brokerDown(): Promise<unknown> {
    return kafkaDown(this.endpoint.brokers, this.#socketFactory);
  }

  /** The cluster's metadata fetched within `ms`: a paused or cut cluster never answers it. */
  protected override async brokerAnswers(ms: number): Promise<boolean> {
    const admin = this.#base.admin();
    return this.call(
      'probe',
      async () => {
        await admin.connect();
        await admin.describeCluster();
      },
      ms,
    )
      .then(
        () => true,
        () => false,
      )
      .finally(() => void admin.disconnect().catch(() => undefined));
  }

  #brokerCall() {
    return { broker: this.describeBroker(), timeout: this.callTimeout, down: () => this.brokerDown() };
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
