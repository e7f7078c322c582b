import type { Consumer, Kafka } from '@eventspec/broker-fixtures/kafka';
import type { BillingLedger, OrderPlacedMessage } from './billing-ledger.js';

/** A running billing consumer; `stop()` leaves the group cleanly. */
export interface RunningConsumer {
  stop(): Promise<void>;
}

// #region kafka-consumer
/**
 * Charges orders from a Kafka topic. Retry guidance: commit only after the effect is applied (kafkajs'
 * eachMessage commits what returned), let a failure throw so the message comes again, retry with
 * backoff instead of giving up, and make the effect idempotent (the ledger skips seen message ids).
 */
export async function startKafkaBilling(
  kafka: Kafka,
  options: { topic: string; groupId: string; ledger: BillingLedger },
): Promise<RunningConsumer> {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 100,
    // A consumer that dies without leaving holds its partitions until its session times out.
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    rebalanceTimeout: 6000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 30, restartOnFailure: async () => true },
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value?.toString() ?? 'null') as OrderPlacedMessage;
      options.ledger.apply(order);
    },
  });
  return { stop: () => consumer.disconnect() };
}
// #endregion kafka-consumer
