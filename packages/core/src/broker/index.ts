export type {
  Broker,
  ExchangeType,
  QueueBroker,
  QueueOptions,
  SubscribeOptions,
  Subscription,
  TopicBroker,
} from './broker.js';
export type { InMemoryQueueBrokerOptions } from './in-memory-queue-broker.js';
export { InMemoryQueueBroker } from './in-memory-queue-broker.js';
export type { DeadLetter, InMemoryTopicBrokerOptions } from './in-memory-topic-broker.js';
export { InMemoryTopicBroker } from './in-memory-topic-broker.js';
export type { Delivery, Message, MessageHandler } from './message.js';
export { MessageRejected } from './message-rejected.js';
export { murmur2, partitionFor } from './murmur2.js';
export { QueueConsumer } from './queue-consumer.js';
export { routes } from './routing.js';
export { TopicConsumer } from './topic-consumer.js';
export type {
  TopicDelivery,
  TopicMessageHandler,
  TopicOffset,
  TopicSubscribeOptions,
} from './topic-delivery.js';
