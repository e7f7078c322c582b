/**
 * What a `Broker` adapter declares it does, as Watermill's pub/sub test suite asks of its adapters: each
 * scenario of the conformance suite checks one feature and is skipped (with the reason) when the adapter
 * does not declare it. Every adapter must deliver each message and acknowledge on resolve.
 */
export interface BrokerFeatures {
  /** Messages of one key reach a subscription in the order they were published. */
  orderPerKey: boolean;
  /** A handler that throws gets the same message again (attempt 2, `redelivered`), up to `maxAttempts`. */
  redelivery: boolean;
  /**
   * Where a message goes after `MessageRejected` or `maxAttempts` failed deliveries:
   * `'dead-letter-topic'` (`<source>.dead-letter`, subscribable like any source: Kafka, NATS, Redis, the
   * in-memory topic broker), `'dead-letter-exchange'` (the queue's `deadLetterExchange`: RabbitMQ, the
   * in-memory queue broker), or `false`.
   */
  deadLetter: 'dead-letter-topic' | 'dead-letter-exchange' | false;
  /**
   * Subscriptions have `crash()`: the consumer dies without acknowledging what it has in flight, and the
   * broker gives that message to the next consumer of the group.
   */
  crash: boolean;
  /** Two subscriptions of one group (or of one queue) share its messages: each is handled once in all. */
  competingConsumers: boolean;
  /** Two brokers from `open()` never see each other's messages (a namespace per broker). */
  isolatedNamespaces: boolean;
}

/** The name of a feature a scenario checks, or `'delivery'` for what every adapter must do. */
export type BrokerFeature = keyof BrokerFeatures | 'delivery';
