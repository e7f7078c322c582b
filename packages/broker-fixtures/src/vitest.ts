// Subpath `@eventspec/broker-fixtures/vitest`: per-test broker fixtures for vitest (a peer dependency), every
// broker at once. One broker only: `@eventspec/broker-fixtures/vitest/kafka` or `/vitest/rabbitmq`.
export { endpointOf, namespaceFor } from './vitest/broker-endpoint.js';
export type { BrokerFixtures } from './vitest/broker-fixtures.js';
export { brokerTest } from './vitest/broker-fixtures.js';
export { ProvidedKey } from './vitest/provided-context.js';
