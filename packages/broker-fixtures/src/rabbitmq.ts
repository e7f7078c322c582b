// Subpath `@eventspec/broker-fixtures/rabbitmq`: the amqplib-based helpers (amqplib is a peer dependency).

// amqplib types, so code using the helpers needs no direct amqplib import to be typed.
export type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
export type { RabbitMqSource } from './rabbitmq/exchange-tap.js';
export { RabbitMqBroker } from './rabbitmq/rabbitmq-broker.js';
export { connectAmqp, hidePassword } from './rabbitmq/rabbitmq-connect.js';
export { RabbitMqTestBroker } from './rabbitmq/rabbitmq-test-broker.js';
