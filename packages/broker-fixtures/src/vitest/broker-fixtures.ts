import { test as base, inject } from 'vitest';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { KafkaEndpoint } from '../kafka/kafka-endpoint.js';
import type { KafkaTestBroker } from '../kafka/kafka-test-broker.js';
import type { KafkaWorkerClients } from '../kafka/kafka-worker-clients.js';
import { formatNamespace } from '../namespaces/namespace-name.js';
import type { NatsEndpoint } from '../nats/nats-endpoint.js';
import type { NatsTestBroker } from '../nats/nats-test-broker.js';
import type { BrokerKind, ProvidedBroker } from '../providers/broker-kind.js';
import type { RabbitMqEndpoint } from '../rabbitmq/rabbitmq-endpoint.js';
import type { RabbitMqTestBroker } from '../rabbitmq/rabbitmq-test-broker.js';
import type { RedisEndpoint } from '../redis/redis-endpoint.js';
import type { RedisTestBroker } from '../redis/redis-test-broker.js';
import { ProvidedKey } from './provided-context.js';

/** Fixtures `brokerTest` adds to the test context. */
export interface BrokerFixtures {
  /** Kafka clients shared by the tests of one worker (undefined when Kafka is unavailable). */
  kafkaClients: KafkaWorkerClients | undefined;
  /** Kafka in the test's own namespace (topics and groups prefixed), dropped after the test. */
  kafka: KafkaTestBroker;
  /** RabbitMQ in the test's own vhost, deleted after the test. */
  rabbitmq: RabbitMqTestBroker;
  /** NATS JetStream in the test's own stream (subjects `<namespace>.>`), deleted after the test. */
  nats: NatsTestBroker;
  /** Redis Streams under the test's own key prefix (`<namespace>:`), unlinked after the test. */
  redis: RedisTestBroker;
}

let sequence = 0;

/**
 * `test` with `kafka`, `rabbitmq`, `nats` and `redis` fixtures on the brokers the global setup provided. Each test gets
 * its own namespace; a test whose broker is unavailable is skipped with the reason, or fails when
 * EVENTSPEC_REQUIRE_BROKERS=1.
 * @example
 * brokerTest('publishes', async ({ kafka }) => {
 *   await kafka.publish('orders', { type: 'OrderPlaced', data: { id: 1 } });
 *   await kafka.waitFor('orders');
 * });
 */
export const brokerTest = base.extend<BrokerFixtures>({
  kafkaClients: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const kafka = inject(ProvidedKey.brokers)?.find((broker) => broker.kind === 'kafka');
      if (kafka?.status !== 'ready' || kafka.kind !== 'kafka') return use(undefined);
      const { KafkaWorkerClients } = await import('../kafka/kafka-worker-clients.js');
      const clients = new KafkaWorkerClients(kafka.endpoint);
      await use(clients);
      await clients.close();
    },
    { scope: 'worker' },
  ],
  kafka: async ({ task, skip, kafkaClients }, use) => {
    const endpoint = endpointOf('kafka', skip) as KafkaEndpoint;
    const { KafkaTestBroker } = await import('../kafka/kafka-test-broker.js');
    const broker = await KafkaTestBroker.open(endpoint, {
      namespace: namespaceFor(task.name),
      ...(kafkaClients ? { shared: kafkaClients } : {}),
    });
    await use(broker);
    await broker.close();
  },
  rabbitmq: async ({ task, skip }, use) => {
    const endpoint = endpointOf('rabbitmq', skip) as RabbitMqEndpoint;
    const { RabbitMqTestBroker } = await import('../rabbitmq/rabbitmq-test-broker.js');
    const broker = await RabbitMqTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
    await use(broker);
    await broker.close();
  },
  nats: async ({ task, skip }, use) => {
    const endpoint = endpointOf('nats', skip) as NatsEndpoint;
    const { NatsTestBroker } = await import('../nats/nats-test-broker.js');
    const broker = await NatsTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
    await use(broker);
    await broker.close();
  },
  redis: async ({ task, skip }, use) => {
    const endpoint = endpointOf('redis', skip) as RedisEndpoint;
    const { RedisTestBroker } = await import('../redis/redis-test-broker.js');
    const broker = await RedisTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
    await use(broker);
    await broker.close();
  },
});

/** A new namespace name for a test of this worker: run id, worker id, sequence, test name. */
export function namespaceFor(testName: string): string {
  const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? String(process.pid);
  return formatNamespace({ runId: inject(ProvidedKey.runId), worker, sequence: ++sequence, label: testName });
}

/** The endpoint of `kind` the global setup provided; skips (or fails, under EVENTSPEC_REQUIRE_BROKERS=1) otherwise. */
export function endpointOf(
  kind: BrokerKind,
  skip: (note?: string) => never,
): KafkaEndpoint | RabbitMqEndpoint | NatsEndpoint | RedisEndpoint {
  const brokers: ProvidedBroker[] | undefined = inject(ProvidedKey.brokers);
  const broker = brokers?.find((candidate) => candidate.kind === kind);
  if (broker?.status === 'ready') return broker.endpoint;
  const reason =
    broker?.status === 'unavailable'
      ? broker.reason
      : `${kind} was not started for this run: add it to eventspec({ brokers: [...] }) or brokersTestConfig().`;
  if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1') {
    throw new BrokerError(
      BrokerErrorCode.Unavailable,
      `${reason} (EVENTSPEC_REQUIRE_BROKERS=1: failing, not skipping)`,
    );
  }
  return skip(reason);
}
