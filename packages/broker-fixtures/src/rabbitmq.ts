// Subpath `@eventspec/broker-fixtures/rabbitmq`: the amqplib-based helpers (amqplib is a peer dependency).
export { connectAmqp, hidePassword } from './rabbitmq/rabbitmq-connect.js';
export { RabbitMqTestBroker } from './rabbitmq/rabbitmq-test-broker.js';
