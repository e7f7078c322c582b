import type { Message } from '@eventspec/core';
import { Redis } from 'ioredis';
import { describe, expect } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

const order = (n: number): Message => ({ id: `m-${n}`, type: 'OrderPlaced', key: `o-${n}`, data: { n } });

describe('RedisStreamsBroker on Redis Streams', () => {
  test('after maxAttempts failed deliveries an entry goes to the dead-letter stream and is acknowledged', async ({
    redis,
  }) => {
    const broker = redis.newBroker({ redeliverAfterMs: 100 });
    const attempts: number[] = [];
    await broker.subscribe({
      source: 'payments',
      group: 'billing',
      maxAttempts: 2,
      handler: (_, delivery) => {
        attempts.push(delivery.attempt);
        throw new Error('poison');
      },
    });
    await broker.publish('payments', [order(1)]);
    await broker.settle({ timeout: 10_000 });
    const client = new Redis(redis.endpoint.url);
    try {
      const dead = await client.xrange(broker.namespace.key('payments.dead-letter'), '-', '+');
      expect({ attempts, dead: dead.map(([, fields]) => fields.slice(0, 6)) }).toEqual({
        attempts: [1, 2],
        dead: [['id', 'm-1', 'type', 'OrderPlaced', 'key', 'o-1']],
      });
      expect(await client.xpending(broker.namespace.key('payments'), 'billing')).toEqual([
        0,
        null,
        null,
        null,
      ]);
    } finally {
      client.disconnect();
      await broker.close();
    }
  });

  test('settle still knows when a group is done after entries were deleted (XDEL)', async ({ redis }) => {
    const broker = redis.newBroker();
    const client = new Redis(redis.endpoint.url);
    try {
      await broker.publish('orders', [order(1), order(2), order(3)]);
      const [entry] = await client.xrange(broker.namespace.key('orders'), '-', '+', 'COUNT', 1);
      await client.xdel(broker.namespace.key('orders'), entry![0]);
      const seen: string[] = [];
      await broker.subscribe({ source: 'orders', handler: (message) => void seen.push(message.id) });
      await broker.settle({ timeout: 5000 });
      expect(seen).toEqual(['m-2', 'm-3']);
    } finally {
      client.disconnect();
      await broker.close();
    }
  });
});
