import { Redis } from 'ioredis';
import { type LeftoverOptions, selectLeftovers } from '../namespaces/leftovers.js';
import { NAMESPACE_PREFIX } from '../namespaces/namespace-name.js';
import type { RedisEndpoint } from './redis-endpoint.js';
import { RedisNamespace } from './redis-namespace.js';

/**
 * Unlinks the keys crashed runs left on a shared Redis (eventspec namespaces of other runs older than
 * `maxAgeMs`), or with `currentRun: true` those of this run that crashed tests left. Resolves with the
 * namespaces removed.
 */
export async function removeRedisLeftovers(
  endpoint: RedisEndpoint,
  options: LeftoverOptions,
): Promise<string[]> {
  const redis = new Redis(endpoint.url, { connectionName: 'eventspec-leftovers', lazyConnect: true });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const namespaces = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${NAMESPACE_PREFIX}*:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) namespaces.add(key.slice(0, key.indexOf(':')));
    } while (cursor !== '0');
    const removed = selectLeftovers(namespaces, options);
    for (const namespace of removed) await new RedisNamespace(namespace).drop(redis);
    return removed;
  } finally {
    redis.disconnect();
  }
}
