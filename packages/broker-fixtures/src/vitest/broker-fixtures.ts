import { test as base } from 'vitest';
import { type KafkaFixtures, kafkaClientsFixture, kafkaFixture } from './kafka-fixtures.js';
import { type RabbitMqFixtures, rabbitmqFixture } from './rabbitmq-fixtures.js';

/** Fixtures `brokerTest` adds to the test context: every broker's. */
export interface BrokerFixtures extends KafkaFixtures, RabbitMqFixtures {}

/**
 * `test` with `kafka` and `rabbitmq` fixtures on the brokers the global setup provided. Each test gets
 * its own namespace; a test whose broker is unavailable is skipped with the reason, or fails when
 * EVENTSPEC_REQUIRE_BROKERS=1. Its types need every broker's client types (kafkajs and amqplib); a project
 * with one broker imports `kafkaTest` or `rabbitmqTest` from that broker's subpath instead.
 * @example
 * brokerTest('publishes', async ({ kafka }) => {
 *   await kafka.publish('orders', { data: { id: 1 } });
 *   await kafka.waitFor('orders');
 * });
 */
export const brokerTest = base.extend<BrokerFixtures>({
  kafkaClients: [kafkaClientsFixture, { scope: 'worker' }],
  kafka: kafkaFixture,
  rabbitmq: rabbitmqFixture,
});
