import { type AbstractStartedContainer, GenericContainer } from 'testcontainers';
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  BrokerContainer,
  KafkaContainer,
  RabbitMqContainer,
  type StartedBrokerContainer,
  type StartedKafkaContainer,
  type StartedRabbitMqContainer,
} from '../../src/index.js';

describe('broker containers follow the Testcontainers module pattern', () => {
  test('the builders are GenericContainers with their withX() chains', () => {
    for (const container of [new KafkaContainer('apache/kafka-native:4.0.0'), new RabbitMqContainer()]) {
      expect(container).toBeInstanceOf(GenericContainer);
      expect(container).toBeInstanceOf(BrokerContainer);
      expect(container.withEnvironment({ TZ: 'UTC' }).withLabels({ team: 'billing' })).toBe(container);
    }
  });

  test('start() resolves to an AbstractStartedContainer with the broker accessors', () => {
    expectTypeOf<ReturnType<KafkaContainer['start']>>().resolves.toEqualTypeOf<StartedKafkaContainer>();
    expectTypeOf<ReturnType<RabbitMqContainer['start']>>().resolves.toEqualTypeOf<StartedRabbitMqContainer>();
    expectTypeOf<StartedKafkaContainer>().toExtend<AbstractStartedContainer>();
    expectTypeOf<StartedRabbitMqContainer>().toExtend<StartedBrokerContainer>();
    expectTypeOf<StartedRabbitMqContainer>().toHaveProperty('getAmqpUrl');
    expectTypeOf<StartedKafkaContainer>().toHaveProperty('getBootstrapServers');
  });
});
