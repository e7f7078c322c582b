import type { Message, MessageHandler } from './message.js';

/**
 * The broker interface every eventspec broker implements: the in-memory brokers of `@eventspec/core`
 * and the Kafka / RabbitMQ fixtures of `@eventspec/broker-fixtures`. A handler test written against it moves
 * from in-memory to a real broker by changing the line that creates the broker.
 *
 * Delivery is at least once: a handler that resolves acknowledges (commits) the message; one that throws
 * gets it again later, up to the subscription's `maxAttempts`, after which the message is dead-lettered;
 * one that throws `MessageRejected` has it dead-lettered at once.
 */
export interface Broker extends AsyncDisposable {
  /** Which model the broker follows: Kafka-like topics (`log`) or AMQP-like exchanges and queues (`queue`). */
  readonly model: 'log' | 'queue';
  /** Publishes messages to a topic (`log`) or an exchange, routed by `message.key` (`queue`), in order. */
  publish(destination: string, messages: readonly Message[]): Promise<void>;
  /** Starts consuming `source` (a topic or a queue) with `handler`; resolves once the consumer is ready. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Resolves once every message published so far has been acknowledged or dead-lettered by the running
   * subscriptions; rejects with `EVENTSPEC_BROKER_SETTLE_TIMEOUT` after `timeout` milliseconds.
   */
  settle(options?: { timeout?: number }): Promise<void>;
  /** Stops every subscription and releases the broker. */
  close(): Promise<void>;
}

/** How to consume: from where, in which group, with which handler. */
export interface SubscribeOptions<M extends Message = Message> {
  /** The topic (`log` model) or queue (`queue` model) to consume. */
  source: string;
  /**
   * Consumer group (`log` model): subscriptions of one group share the partitions; each group gets every
   * message, a new group from the beginning of the topic. Ignored by the `queue` model, where consumers of
   * one queue always compete.
   * @default 'default'
   */
  group?: string;
  handler: MessageHandler<M>;
  /**
   * Deliveries of one message before it is dead-lettered (a poison message).
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Messages handled at once by this subscription (`log`: partitions in parallel; `queue`: prefetch).
   * @default 1
   */
  concurrency?: number;
  /**
   * `log` model: where a group with no committed offset starts — the oldest message (`true`) or only
   * messages published from now on (`false`, Kafka's `auto.offset.reset=latest`). Ignored by `queue`.
   * @default true
   */
  fromBeginning?: boolean;
}

/** A running consumer. */
export interface Subscription extends AsyncDisposable {
  /** Identifies the consumer within its group or queue. */
  readonly id: string;
  /** Stops consuming; messages in flight are finished first, unacknowledged ones go to other consumers. */
  stop(): Promise<void>;
}

/** A broker with Kafka's model: topics split into partitions by key, consumer groups with committed offsets. */
export interface TopicBroker extends Broker {
  readonly model: 'log';
  /** Creates a topic; publishing to a missing topic creates it with the default partition count. */
  createTopic(topic: string, options?: { partitions?: number }): Promise<void>;
  /** The committed offset of `group` on each partition of `topic` (next offset to consume). */
  committedOffsets(group: string, topic: string): Promise<number[]>;
}

/** The routing an AMQP exchange applies to a message key. */
export type ExchangeType = 'direct' | 'topic' | 'fanout';

/** Options of a queue declaration. */
export interface QueueOptions {
  /** Exchange a message goes to once it is rejected without requeue or exceeds `maxAttempts`. */
  deadLetterExchange?: string;
  /**
   * Deliveries of one message before it is dead-lettered, counted by the queue whichever consumer got
   * them (a quorum queue's `x-delivery-limit`); overrides the subscriptions' `maxAttempts`.
   */
  deliveryLimit?: number;
}

/** A broker with AMQP's model: exchanges route to bound queues; consumers ack, nack or requeue. */
export interface QueueBroker extends Broker {
  readonly model: 'queue';
  declareExchange(exchange: string, type: ExchangeType): Promise<void>;
  declareQueue(queue: string, options?: QueueOptions): Promise<void>;
  /** Routes messages of `exchange` whose key matches `pattern` (exact, `*`/`#` for topic, ignored for fanout). */
  bindQueue(queue: string, exchange: string, pattern?: string): Promise<void>;
}
