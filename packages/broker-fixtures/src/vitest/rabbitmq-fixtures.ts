import { test as base, type TestAPI } from 'vitest';
import type { RabbitMqEndpoint } from '../rabbitmq/rabbitmq-endpoint.js';
import type { RabbitMqTestBroker } from '../rabbitmq/rabbitmq-test-broker.js';
import { endpointOf, type FixtureContext, namespaceFor } from './broker-endpoint.js';

/** Fixtures `rabbitmqTest` (and `brokerTest`) add to the test context. */
export interface RabbitMqFixtures {
  /** RabbitMQ in the test's own vhost, deleted after the test. */
  rabbitmq: RabbitMqTestBroker;
}

/** Opens RabbitMQ in the test's own vhost and deletes it after the test: the `rabbitmq` fixture. */
export async function rabbitmqFixture(
  { task, skip }: FixtureContext,
  use: (broker: RabbitMqTestBroker) => Promise<void>,
): Promise<void> {
  const endpoint = endpointOf('rabbitmq', skip) as RabbitMqEndpoint;
  const { RabbitMqTestBroker } = await import('../rabbitmq/rabbitmq-test-broker.js');
  const broker = await RabbitMqTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
  await use(broker);
  await broker.close();
}

/**
 * `test` with a `rabbitmq` fixture on the RabbitMQ the global setup provided, for projects that use
 * RabbitMQ only (only amqplib's types are needed, not kafkajs'). Each test gets its own vhost; without
 * RabbitMQ it is skipped with the reason, or fails when EVENTSPEC_REQUIRE_BROKERS=1.
 * @example
 * rabbitmqTest('publishes', async ({ rabbitmq }) => {
 *   await rabbitmq.publish('orders', { data: { id: 1 } });
 * });
 */
export const rabbitmqTest: TestAPI<RabbitMqFixtures> = base.extend<RabbitMqFixtures>({
  rabbitmq: rabbitmqFixture,
});
