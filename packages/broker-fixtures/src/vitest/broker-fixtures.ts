import { test as base, type TestAPI } from 'vitest';
import { type KafkaFixtures, kafkaClientsFixture, kafkaFixture } from './kafka-fixtures.js';
import { type NatsFixtures, natsFixture } from './nats-fixtures.js';
import { type RabbitMqFixtures, rabbitmqFixture } from './rabbitmq-fixtures.js';
import { type RedisFixtures, redisFixture } from './redis-fixtures.js';

/** Fixtures `brokerTest` adds to the test context: every broker's. */
export interface BrokerFixtures extends KafkaFixtures, RabbitMqFixtures, NatsFixtures, RedisFixtures {}

/**
 * `test` with `kafka`, `rabbitmq`, `nats` and `redis` fixtures on the brokers the global setup provided.
 * Each test gets its own namespace; a test whose broker is unavailable is skipped with the reason, or fails
 * when EVENTSPEC_REQUIRE_BROKERS=1. Its types need every broker's client types; a project with one broker
 * imports `kafkaTest`, `rabbitmqTest`, `natsTest` or `redisTest` from that broker's subpath instead.
 * @example
 * brokerTest('publishes', async ({ kafka }) => {
 *   await kafka.publish('orders', { type: 'OrderPlaced', data: { id: 1 } });
 *   await kafka.waitFor('orders');
 * });
 */
export const brokerTest: TestAPI<BrokerFixtures> = base.extend<BrokerFixtures>({
  kafkaClients: [kafkaClientsFixture, { scope: 'worker' }],
  kafka: kafkaFixture,
  rabbitmq: rabbitmqFixture,
  nats: natsFixture,
  redis: redisFixture,
});
