// Subpath `@eventspec/broker-fixtures/vitest/nats`: the Nats fixture alone (needs @nats-io/transport-node and @nats-io/jetstream types only).
export type { NatsFixtures } from './vitest/nats-fixtures.js';
export { natsFixture, natsTest } from './vitest/nats-fixtures.js';
