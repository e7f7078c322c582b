// Subpath `@eventspec/broker-fixtures/vitest/kafka`: the Kafka fixture alone (needs kafkajs' types only).
export type { KafkaFixtures } from './vitest/kafka-fixtures.js';
export { kafkaClientsFixture, kafkaFixture, kafkaTest } from './vitest/kafka-fixtures.js';
