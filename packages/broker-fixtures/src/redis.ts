// Subpath `@eventspec/broker-fixtures/redis`: the Redis Streams helpers (ioredis is a peer dependency).

export type { Redis } from 'ioredis';
export { removeRedisLeftovers } from './redis/redis-leftovers.js';
export { RedisNamespace } from './redis/redis-namespace.js';
export type { RedisStreamsBrokerOptions } from './redis/redis-streams-broker.js';
export { RedisStreamsBroker } from './redis/redis-streams-broker.js';
export { RedisTestBroker } from './redis/redis-test-broker.js';
