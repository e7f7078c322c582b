import { InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';
import {
  deadLettersARejectedMessage,
  deliversInOrderPerKey,
  redeliversAfterAThrow,
  routesAndDeadLetters,
} from './scenarios.js';

// The same handler scenarios, in memory and on the real brokers: swapping the broker object is all it takes.
describe.concurrent('log model: InMemoryTopicBroker and Kafka', () => {
  test('in memory: delivers in order per key', async ({ expect }) => {
    await using broker = new InMemoryTopicBroker();
    await deliversInOrderPerKey(broker, expect, 'orders');
  });
  test('kafka: delivers in order per key', async ({ kafka, expect }) => {
    await deliversInOrderPerKey(kafka.broker(), expect, 'orders');
  });
  // #region swap-broker
  test('in memory: redelivers after a throw', async ({ expect }) => {
    await using broker = new InMemoryTopicBroker();
    await redeliversAfterAThrow(broker, expect, 'orders');
  });
  test('kafka: redelivers after a throw', async ({ kafka, expect }) => {
    await redeliversAfterAThrow(kafka.broker(), expect, 'orders');
  });
  // #endregion swap-broker
  test('in memory: dead-letters a rejected message', async ({ expect }) => {
    await using broker = new InMemoryTopicBroker();
    await deadLettersARejectedMessage(broker, expect);
  });
  test('kafka: dead-letters a rejected message', async ({ kafka, expect }) => {
    await deadLettersARejectedMessage(kafka.broker(), expect);
  });
});

describe.concurrent('queue model: InMemoryQueueBroker and RabbitMQ', () => {
  test('in memory: delivers in order per key', async ({ expect }) => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareQueue('orders');
    await deliversInOrderPerKey(broker, expect, 'orders');
  });
  test('rabbitmq: delivers in order per key', async ({ rabbitmq, expect }) => {
    await rabbitmq.broker().declareQueue('orders');
    await deliversInOrderPerKey(rabbitmq.broker(), expect, 'orders');
  });
  test('in memory: redelivers after a throw', async ({ expect }) => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareQueue('orders');
    await redeliversAfterAThrow(broker, expect, 'orders');
  });
  test('rabbitmq: redelivers after a throw', async ({ rabbitmq, expect }) => {
    await rabbitmq.broker().declareQueue('orders');
    await redeliversAfterAThrow(rabbitmq.broker(), expect, 'orders');
  });
  test('in memory: routes and dead-letters', async ({ expect }) => {
    await using broker = new InMemoryQueueBroker();
    await routesAndDeadLetters(broker, expect);
  });
  test('rabbitmq: routes and dead-letters', async ({ rabbitmq, expect }) => {
    await routesAndDeadLetters(rabbitmq.broker(), expect);
  });
});
