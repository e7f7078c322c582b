import type { Redis } from 'ioredis';

/**
 * One test's part of a Redis server: every key under `<name>:` (streams, their consumer groups with
 * them). Dropping it unlinks every such key.
 */
export class RedisNamespace {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** The real key of stream `stream` in this namespace. */
  key(stream: string): string {
    return `${this.name}:${stream}`;
  }

  /** Unlinks every key of the namespace; resolves with how many there were. */
  async drop(redis: Redis): Promise<number> {
    return unlinkMatching(redis, `${this.name}:*`);
  }
}

/** Unlinks every key matching `pattern` (SCAN, so the server is never blocked); resolves with the count. */
export async function unlinkMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
