import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { ReceivedMessage } from '../messages/broker-message.js';
import type { Subscription } from '../messages/subscription.js';
import { toReceivedMessage } from './kafka-record.js';

/** Options of {@link startKafkaSubscription}. */
export interface KafkaSubscriptionOptions {
  topic: string;
  /** Name the test uses for the topic (without namespace). */
  destination: string;
  groupId: string;
  fromBeginning: boolean;
  onMessage: (message: ReceivedMessage, payload: EachMessagePayload) => Promise<void> | void;
  /** Receives the consumer as soon as it exists (to stop it when the start is abandoned). */
  onConsumer?: (consumer: Consumer) => void;
}

/**
 * Starts a kafkajs consumer on one topic and resolves once it has joined its group, so messages
 * published afterwards are certain to be seen. A handler that throws gets the message again (kafkajs
 * does not commit it): real redelivery.
 */
export async function startKafkaSubscription(
  client: Kafka,
  options: KafkaSubscriptionOptions,
): Promise<Subscription> {
  const consumer: Consumer = client.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    retry: { initialRetryTime: 100, retries: 10 },
  });
  options.onConsumer?.(consumer);
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
  await consumer.run({
    eachMessage: async (payload) => {
      const { message, partition } = payload;
      await options.onMessage(
        toReceivedMessage(message, { topic: options.topic, partition, destination: options.destination }),
        payload,
      );
    },
  });
  await joined;
  return { id: options.groupId, stop: () => consumer.disconnect() };
}
