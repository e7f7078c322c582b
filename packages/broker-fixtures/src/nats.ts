// Subpath `@eventspec/broker-fixtures/nats`: the NATS JetStream helpers (@nats-io/transport-node and
// @nats-io/jetstream are peer dependencies).

export type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
export type { NatsConnection } from '@nats-io/transport-node';
export type { NatsBrokerOptions } from './nats/nats-broker.js';
export { NatsBroker } from './nats/nats-broker.js';
export { removeNatsLeftovers } from './nats/nats-leftovers.js';
export { NatsNamespace } from './nats/nats-namespace.js';
export { NatsTestBroker } from './nats/nats-test-broker.js';
