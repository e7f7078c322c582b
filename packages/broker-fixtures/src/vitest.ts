// Subpath `@eventspec/broker-fixtures/vitest`: per-test broker fixtures for vitest (a peer dependency), every
// broker at once. One broker only: `@eventspec/broker-fixtures/vitest/kafka`, `/vitest/rabbitmq`, `/vitest/nats`
// or `/vitest/redis`.
export { endpointOf, namespaceFor } from './vitest/broker-endpoint.js';
export type { BrokerFixtures } from './vitest/broker-fixtures.js';
export { brokerTest } from './vitest/broker-fixtures.js';
export type { DescribeBrokerConformanceOptions } from './vitest/describe-broker-conformance.js';
export { describeBrokerConformance } from './vitest/describe-broker-conformance.js';
export { ProvidedKey } from './vitest/provided-context.js';
