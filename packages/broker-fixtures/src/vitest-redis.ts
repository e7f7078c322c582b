// Subpath `@eventspec/broker-fixtures/vitest/redis`: the Redis fixture alone (needs ioredis types only).
export type { RedisFixtures } from './vitest/redis-fixtures.js';
export { redisFixture, redisTest } from './vitest/redis-fixtures.js';
