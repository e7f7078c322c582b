import type { KafkaEndpoint } from '../kafka/kafka-endpoint.js';
import type { RabbitMqEndpoint } from '../rabbitmq/rabbitmq-endpoint.js';

/** The brokers eventspec can provide. */
export type BrokerKind = 'kafka' | 'rabbitmq';

/**
 * Where brokers come from: `testcontainers` starts containers, `external` uses EVENTSPEC_KAFKA_BROKERS /
 * EVENTSPEC_AMQP_URL, `auto` takes external when configured, else containers when Docker answers.
 */
export type ProviderName = 'auto' | 'testcontainers' | 'external';

/** Endpoints by broker kind. */
export interface BrokerEndpoints {
  kafka?: KafkaEndpoint;
  rabbitmq?: RabbitMqEndpoint;
}

/** How one broker was (or was not) provided; plain data, handed to vitest workers. */
export type ProvidedBroker =
  | { kind: 'kafka'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: KafkaEndpoint }
  | { kind: 'rabbitmq'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: RabbitMqEndpoint }
  | { kind: BrokerKind; status: 'unavailable'; reason: string };
