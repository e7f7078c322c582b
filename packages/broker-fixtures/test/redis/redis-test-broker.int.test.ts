import { Redis } from 'ioredis';
import { describe, expect } from 'vitest';
import type { BrokerError } from '../../src/index.js';
import { RedisTestBroker } from '../../src/redis.js';
import { endpointOf, brokerTest as test } from '../../src/vitest.js';

describe('Redis helpers, each test under its own key prefix', () => {
  // #region redis-waitfor
  test('publish, then waitFor returns the entry as a message', async ({ redis }) => {
    await redis.publish('orders', {
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      data: { total: 12 },
      headers: { 'trace-id': 't-1' },
    });
    const [placed] = await redis.waitFor('orders');
    expect(placed).toEqual({
      destination: 'orders',
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      data: { total: 12 },
      headers: { 'trace-id': 't-1' },
      redelivered: false,
    });
    expect(redis.key('orders')).toBe(`${redis.namespace.name}:orders`);
  });
  // #endregion redis-waitfor

  test('waitFor fails after its timeout, listing what did arrive', async ({ redis }) => {
    await redis.publish('orders', { key: 'o-1', type: 'OrderPlaced', data: { total: 12 } });
    const error = await redis
      .waitFor('orders', (m) => m.type === 'OrderShipped', { timeout: 300 })
      .then(
        () => undefined,
        (caught: BrokerError) => caught,
      );
    expect(error?.message).toMatchInlineSnapshot(`
      "waitFor('orders') timed out after 300 ms: 0 of 1 matching message arrived.
      Arrived on 'orders' (1):
        1. key=o-1 OrderPlaced {"total":12}"
    `);
  });

  test('a handler that throws gets the entry again (claimed after the idle time), marked redelivered', async ({
    redis,
  }) => {
    const seen: Array<boolean | undefined> = [];
    await redis.consume('payments', (message) => {
      seen.push(message.redelivered);
      if (seen.length === 1) throw new Error('transient failure');
    });
    await redis.publish('payments', { data: { amount: 10 } });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([false, true]);
  });

  test('killConnections closes the code under test’s connection from the server side', async ({ redis }) => {
    const client = await redis.connect('orders service');
    client.on('error', () => undefined);
    const closed = new Promise((resolve) => client.once('close', resolve));
    const reconnected = new Promise((resolve) =>
      client.once('reconnecting', () => client.once('ready', resolve)),
    );
    expect(await redis.killConnections()).toBe(1);
    await closed;
    // ioredis reconnects a killed client, as the service would in production; the test then quits it.
    await reconnected;
    await client.quit();
    await redis.publish('orders', { data: 'helpers still work' });
    await expect(redis.waitFor('orders')).resolves.toHaveLength(1);
  });

  test('a connection left open fails the test; the keys are removed all the same', async ({ redis }) => {
    const leaky = await RedisTestBroker.open(endpointOf('redis', () => never()) as never, {
      namespace: `${redis.namespace.name}_leaky`,
    });
    await leaky.publish('orders', { data: 'kept until close' });
    await leaky.observe('orders');
    const client = await leaky.connect('orders service');
    const error = await leaky.close().catch((caught: BrokerError) => caught);
    expect((error as BrokerError).code).toBe('EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING');
    expect((error as BrokerError).message.replace(leaky.namespace.name, '<namespace>')).toMatchInlineSnapshot(
      `"The test ended with 1 Redis connection(s) still open: orders service (namespace <namespace>). eventspec closed them; quit them in the test (or stop the code under test) so its consumers do not run after the test is over."`,
    );
    expect(client.status).toBe('end');
    const probe = new Redis(leaky.endpoint.url);
    expect(await probe.keys(`${leaky.namespace.name}:*`)).toEqual([]);
    probe.disconnect();
  });
});

function never(): never {
  throw new Error('Redis must be provided for this test');
}
