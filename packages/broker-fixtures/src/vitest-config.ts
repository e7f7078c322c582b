// Subpath `@eventspec/broker-fixtures/vitest/config`: for vitest config files (imports no test runtime).
export type { BrokersTestConfig } from './vitest/brokers-test-config.js';
export { brokersTestConfig } from './vitest/brokers-test-config.js';
