import { defineProject } from 'vitest/config';
import { brokersTestConfig } from './src/vitest/brokers-test-config.js';

export default defineProject({
  test: {
    name: 'broker-fixtures',
    include: ['test/**/*.test.ts'],
    ...brokersTestConfig(['kafka', 'rabbitmq', 'nats', 'redis']),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
