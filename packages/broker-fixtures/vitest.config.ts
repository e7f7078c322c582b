import { defineProject } from 'vitest/config';
import { brokersTestConfig } from './src/vitest/brokers-test-config.js';

export default defineProject({
  test: {
    name: 'broker-fixtures',
    include: ['test/**/*.test.ts'],
    // A worker whose event loop stops turning fails its file instead of holding the run (see the file).
    setupFiles: ['../../scripts/vitest-watchdog.mjs'],
    ...brokersTestConfig(['kafka', 'rabbitmq', 'nats', 'redis']),
    // Tests start containers and child processes: 26 s seen on two busy cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
