/** A running consumer started by a fixture helper; `stop()` disconnects it. */
export interface Subscription {
  /** The consumer group (Kafka) or consumer tag (RabbitMQ). */
  readonly id: string;
  stop(): Promise<void>;
}
