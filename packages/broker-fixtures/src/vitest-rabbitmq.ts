// Subpath `@eventspec/broker-fixtures/vitest/rabbitmq`: the RabbitMQ fixture alone (needs amqplib's types only).
export type { RabbitMqFixtures } from './vitest/rabbitmq-fixtures.js';
export { rabbitmqFixture, rabbitmqTest } from './vitest/rabbitmq-fixtures.js';
