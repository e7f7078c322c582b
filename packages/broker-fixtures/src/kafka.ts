// Subpath `@eventspec/broker-fixtures/kafka`: the kafkajs-based helpers (kafkajs is a peer dependency).

// kafkajs types, so code using the helpers needs no direct kafkajs import to be typed.
export type { Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
export { KafkaBroker } from './kafka/kafka-broker.js';
export type { KafkaClientOptions } from './kafka/kafka-client.js';
export { createKafkaClient } from './kafka/kafka-client.js';
export { KafkaFaultProxy } from './kafka/kafka-fault-proxy.js';
export { removeKafkaLeftovers } from './kafka/kafka-leftovers.js';
export type { NamespaceDropResult } from './kafka/kafka-namespace.js';
export { KafkaNamespace } from './kafka/kafka-namespace.js';
export type { KafkaTestBrokerOptions } from './kafka/kafka-test-broker.js';
export { KafkaTestBroker } from './kafka/kafka-test-broker.js';
export type { KafkaTopicHistoryOptions } from './kafka/kafka-topic-history.js';
export { kafkaTopicHistory } from './kafka/kafka-topic-history.js';
export { KafkaWorkerClients } from './kafka/kafka-worker-clients.js';
