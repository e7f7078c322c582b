import { Redis } from 'ioredis';
import { describe, expect, test } from 'vitest';
import { RedisNamespace } from '../../src/redis/redis-namespace.js';
import { RedisStreamsBroker } from '../../src/redis/redis-streams-broker.js';
import { deliversInOrderPerKey, redeliversAfterAThrow } from '../broker-interface/scenarios.js';

describe('redis smoke', () => {
  test('order + redelivery', async () => {
    const redis = new Redis(process.env.EVENTSPEC_REDIS_URL!);
    const ns = new RedisNamespace(`es_smoke_${Date.now()}.1_x`);
    const broker = new RedisStreamsBroker(redis, ns);
    try {
      await deliversInOrderPerKey(broker as never, expect, 'orders');
      await redeliversAfterAThrow(broker as never, expect, 'payments');
    } finally {
      await broker.close();
      console.log('dropped', await ns.drop(redis));
      redis.disconnect();
    }
  });
});
