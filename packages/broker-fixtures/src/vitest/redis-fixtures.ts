import { test as base, type TestAPI } from 'vitest';
import type { RedisEndpoint } from '../redis/redis-endpoint.js';
import type { RedisTestBroker } from '../redis/redis-test-broker.js';
import { endpointOf, type FixtureContext, namespaceFor } from './broker-endpoint.js';

/** Fixtures `redisTest` (and `brokerTest`) add to the test context. */
export interface RedisFixtures {
  /** Redis Streams under the test's own key prefix (`<namespace>:`), unlinked after the test. */
  redis: RedisTestBroker;
}

/** Opens Redis in the test's own namespace and removes it after the test: the `redis` fixture. */
export async function redisFixture(
  { task, skip }: FixtureContext,
  use: (broker: RedisTestBroker) => Promise<void>,
): Promise<void> {
  const endpoint = endpointOf('redis', skip) as RedisEndpoint;
  const { RedisTestBroker } = await import('../redis/redis-test-broker.js');
  const broker = await RedisTestBroker.open(endpoint, { namespace: namespaceFor(task.name) });
  await use(broker);
  await broker.close();
}

/**
 * `test` with a `redis` fixture on the Redis the global setup provided, for projects that use Redis only (only
 * ioredis types are needed). Without Redis the test is skipped with the reason, or fails when
 * EVENTSPEC_REQUIRE_BROKERS=1.
 */
export const redisTest: TestAPI<RedisFixtures> = base.extend<RedisFixtures>({ redis: redisFixture });
