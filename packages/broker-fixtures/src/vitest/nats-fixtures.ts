import { test as base, type TestAPI } from 'vitest';
import type { NatsEndpoint } from '../nats/nats-endpoint.js';
import type { NatsTestBroker } from '../nats/nats-test-broker.js';
import { endpointOf, type FixtureContext, namespaceFor } from './broker-endpoint.js';

/** Fixtures `natsTest` (and `brokerTest`) add to the test context. */
export interface NatsFixtures {
  /** NATS JetStream in the test's own stream (subjects `<namespace>.>`), deleted after the test. */
  nats: NatsTestBroker;
}

/** Opens Nats in the test's own namespace and removes it after the test: the `nats` fixture. */
export async function natsFixture(
  { task, skip }: FixtureContext,
  use: (broker: NatsTestBroker) => Promise<void>,
): Promise<void> {
  const endpoint = endpointOf('nats', skip) as NatsEndpoint;
  const { NatsTestBroker } = await import('../nats/nats-test-broker.js');
  const broker = await NatsTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
  await use(broker);
  await broker.close();
}

/**
 * `test` with a `nats` fixture on the Nats the global setup provided, for projects that use Nats only (only
 * @nats-io/transport-node and @nats-io/jetstream types are needed). Without Nats the test is skipped with the reason, or fails when
 * EVENTSPEC_REQUIRE_BROKERS=1.
 */
export const natsTest: TestAPI<NatsFixtures> = base.extend<NatsFixtures>({ nats: natsFixture });
