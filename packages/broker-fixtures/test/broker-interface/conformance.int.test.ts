import { InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import type { BrokerFeatures } from '@eventspec/core/conformance';
import { describe } from 'vitest';
import { brokerTest, describeBrokerConformance } from '../../src/vitest.js';

// The public conformance suite on the six brokers eventspec ships: every scenario of a declared feature
// must pass, each on fresh brokers (a namespace of their own on the real ones).
const everything = {
  orderPerKey: true,
  redelivery: true,
  crash: true,
  competingConsumers: true,
  isolatedNamespaces: true,
} as const;
const logModel: BrokerFeatures = { ...everything, deadLetter: 'dead-letter-topic' };
const queueModel: BrokerFeatures = { ...everything, deadLetter: 'dead-letter-exchange' };

describe.concurrent('broker conformance', () => {
  // #region conformance-in-memory
  describeBrokerConformance('InMemoryTopicBroker', {
    open: () => new InMemoryTopicBroker(),
    features: logModel,
  });
  // #endregion conformance-in-memory
  describeBrokerConformance('InMemoryQueueBroker', {
    open: () => new InMemoryQueueBroker(),
    features: queueModel,
  });
  // #region conformance-fixtures
  describeBrokerConformance('KafkaBroker', {
    test: brokerTest,
    open: ({ kafka }) => kafka.newBroker(),
    features: logModel,
    timeout: 30_000,
  });
  describeBrokerConformance('RabbitMqBroker', {
    test: brokerTest,
    open: ({ rabbitmq }) => rabbitmq.newBroker(),
    features: queueModel,
  });
  describeBrokerConformance('NatsBroker', {
    test: brokerTest,
    open: ({ nats }) => nats.newBroker(),
    features: logModel,
  });
  describeBrokerConformance('RedisStreamsBroker', {
    test: brokerTest,
    open: ({ redis }) => redis.newBroker(),
    features: logModel,
  });
  // #endregion conformance-fixtures
});
