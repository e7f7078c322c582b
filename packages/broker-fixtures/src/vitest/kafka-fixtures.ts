import { test as base, inject, type TestAPI } from 'vitest';
import type { KafkaEndpoint } from '../kafka/kafka-endpoint.js';
import type { KafkaTestBroker } from '../kafka/kafka-test-broker.js';
import type { KafkaWorkerClients } from '../kafka/kafka-worker-clients.js';
import { endpointOf, type FixtureContext, namespaceFor } from './broker-endpoint.js';
import { ProvidedKey } from './provided-context.js';

/** Fixtures `kafkaTest` (and `brokerTest`) add to the test context. */
export interface KafkaFixtures {
  /** Kafka clients shared by the tests of one worker (undefined when Kafka is unavailable). */
  kafkaClients: KafkaWorkerClients | undefined;
  /** Kafka in the test's own namespace (topics and groups prefixed), dropped after the test. */
  kafka: KafkaTestBroker;
}

/** Opens the worker's shared Kafka clients: the `kafkaClients` fixture (worker scope). */
export async function kafkaClientsFixture(
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  {}: object,
  use: (clients: KafkaWorkerClients | undefined) => Promise<void>,
): Promise<void> {
  const kafka = inject(ProvidedKey.brokers)?.find((broker) => broker.kind === 'kafka');
  if (kafka?.status !== 'ready' || kafka.kind !== 'kafka') return use(undefined);
  const { KafkaWorkerClients } = await import('../kafka/kafka-worker-clients.js');
  const clients = new KafkaWorkerClients(kafka.endpoint);
  await use(clients);
  await clients.close();
}

/** Opens Kafka in the test's own namespace and drops it after the test: the `kafka` fixture. */
export async function kafkaFixture(
  { task, skip, kafkaClients }: FixtureContext & { kafkaClients: KafkaWorkerClients | undefined },
  use: (broker: KafkaTestBroker) => Promise<void>,
): Promise<void> {
  const endpoint = endpointOf('kafka', skip) as KafkaEndpoint;
  const { KafkaTestBroker } = await import('../kafka/kafka-test-broker.js');
  const broker = await KafkaTestBroker.open(endpoint, {
    namespace: namespaceFor(task.name),
    ...(kafkaClients ? { shared: kafkaClients } : {}),
  });
  await use(broker);
  await broker.close();
}

/**
 * `test` with a `kafka` fixture on the Kafka the global setup provided, for projects that use Kafka only
 * (only kafkajs' types are needed). Each test gets its own namespace; without Kafka it is skipped with the
 * reason, or fails when EVENTSPEC_REQUIRE_BROKERS=1.
 * @example
 * kafkaTest('publishes', async ({ kafka }) => {
 *   await kafka.publish('orders', { data: { id: 1 } });
 * });
 */
export const kafkaTest: TestAPI<KafkaFixtures> = base.extend<KafkaFixtures>({
  kafkaClients: [kafkaClientsFixture, { scope: 'worker' }],
  kafka: kafkaFixture,
});
