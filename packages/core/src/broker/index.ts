export type {
  Broker,
  ExchangeType,
  QueueBroker,
  QueueOptions,
  SubscribeOptions,
  Subscription,
  TopicBroker,
} from './broker.js';
export type { Delivery, Message, MessageHandler } from './message.js';
