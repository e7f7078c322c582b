// Subpath `@eventspec/broker-fixtures/vitest`: per-test broker fixtures for vitest (a peer dependency).
export type { BrokerFixtures } from './vitest/broker-fixtures.js';
export { brokerTest, endpointOf, namespaceFor } from './vitest/broker-fixtures.js';
export type { DescribeBrokerConformanceOptions } from './vitest/describe-broker-conformance.js';
export { describeBrokerConformance } from './vitest/describe-broker-conformance.js';
export { ProvidedKey } from './vitest/provided-context.js';
