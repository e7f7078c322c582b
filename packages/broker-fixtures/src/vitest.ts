// Subpath `@eventspec/broker-fixtures/vitest`: per-test broker fixtures for vitest (a peer dependency).
export type { BrokerFixtures } from './vitest/broker-fixtures.js';
export { brokerTest, endpointOf, namespaceFor } from './vitest/broker-fixtures.js';
export { ProvidedKey } from './vitest/provided-context.js';
