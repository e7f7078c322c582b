import { defineProject } from 'vitest/config';
import { brokersTestConfig } from './src/vitest/brokers-test-config.js';

export default defineProject({
  test: {
    name: 'broker-fixtures',
    include: ['test/**/*.test.ts'],
    ...brokersTestConfig(['kafka', 'rabbitmq', 'nats', 'redis']),
    // Tests start containers and child processes: 26 s seen on two busy cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
