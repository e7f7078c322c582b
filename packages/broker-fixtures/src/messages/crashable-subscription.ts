import type { Subscription } from '@eventspec/core';

/**
 * A subscription of a real broker that can also die like a killed process: `crash()` drops the consumer
 * without acknowledging or committing what it has in flight, so the broker redelivers that work to the
 * next consumer (RabbitMQ requeues the unacked messages; Kafka's group restarts from the committed offset).
 * `checkDelivery` uses it for its `crashAfter` faults on a real broker.
 */
export interface CrashableSubscription extends Subscription {
  crash(): Promise<void>;
}
