import { defineConfig } from 'vitest/config';
import { brokersTestConfig } from '../../../src/vitest/brokers-test-config.js';

// A project run by fixtures-in-vitest.int.test.ts in a child process, with brokers made unavailable.
// #region vitest-config
export default defineConfig({
  test: { include: ['*.check.ts'], ...brokersTestConfig(['kafka', 'rabbitmq', 'nats', 'redis']) },
});
// #endregion vitest-config
