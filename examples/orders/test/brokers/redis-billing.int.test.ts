import { RedisContainer, type StartedRedisContainer, TcpFaultProxy } from '@eventspec/broker-fixtures';
import { type Redis, RedisTestBroker } from '@eventspec/broker-fixtures/redis';
import { Redis as RedisClient } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BillingLedger } from '../../src/brokers/billing-ledger.js';
import { startRedisBilling } from '../../src/brokers/redis-billing-consumer.js';
import { orderPlaced } from './billing-on-broker.js';
import { describeWithDocker } from './broker-availability.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// A container of its own: this test freezes the server, which a shared one must not suffer.
await describeWithDocker('redis', 'Redis Streams billing consumer', () => {
  let redis: StartedRedisContainer;
  beforeAll(async () => {
    redis = await new RedisContainer().withPullPolicy('never').start();
  }, 60_000);
  afterAll(() => redis?.stop());

  test('charges every order once across a network cut, a reset, a frozen server and repeated orders', async () => {
    await using orders = await RedisTestBroker.open(redis.getEndpoint(), { namespace: 'billing' });
    const publish = (numbers: number[]) =>
      orders.publish(
        'orders',
        numbers.map((n) => orderPlaced(n)),
      );
    await using network = await TcpFaultProxy.start({
      upstream: { host: redis.getHost(), port: redis.getMappedPort(6379) },
    });
    const client: Redis = new RedisClient(`redis://${network.address}`, { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    const ledger = new BillingLedger();
    const billing = startRedisBilling(client, {
      stream: orders.key('orders'),
      group: 'billing',
      consumer: 'billing-1',
      ledger,
    });
    try {
      await publish(range(1, 10));
      await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(10);

      network.cut(); // a partition: reads and acks hang
      await publish(range(11, 20));
      await new Promise((resolve) => setTimeout(resolve, 500));
      network.heal();
      network.reset(); // the connection drops: unacknowledged entries stay pending and are read again
      await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(20);

      const frozen = redis.faults.pauseFor(1000); // the server freezes while orders keep coming
      const late = publish([...range(21, 30), ...range(25, 30)]);
      await frozen;
      await late;
      await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(30);
      await expect.poll(() => ledger.duplicatesSkipped, { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
      expect(
        [...ledger.charges()].filter(([orderId, total]) => total !== 100 * Number(orderId.slice(2))),
      ).toEqual([]);
    } finally {
      await billing.stop();
      client.disconnect();
    }
  }, 60_000);
});
