import type { KafkaEndpoint } from '../kafka/kafka-endpoint.js';
import type { NatsEndpoint } from '../nats/nats-endpoint.js';
import type { RabbitMqEndpoint } from '../rabbitmq/rabbitmq-endpoint.js';
import type { RedisEndpoint } from '../redis/redis-endpoint.js';

/** The brokers eventspec can provide. */
export type BrokerKind = 'kafka' | 'rabbitmq' | 'nats' | 'redis';

/** Every broker kind, in the order eventspec lists them. */
export const BROKER_KINDS: readonly BrokerKind[] = ['kafka', 'rabbitmq', 'nats', 'redis'];

/**
 * Where brokers come from: `testcontainers` starts containers, `external` uses EVENTSPEC_KAFKA_BROKERS /
 * EVENTSPEC_AMQP_URL / EVENTSPEC_NATS_URL / EVENTSPEC_REDIS_URL, `auto` takes external when configured, else containers when Docker answers.
 */
export type ProviderName = 'auto' | 'testcontainers' | 'external';

/** Endpoints by broker kind. */
export interface BrokerEndpoints {
  kafka?: KafkaEndpoint;
  rabbitmq?: RabbitMqEndpoint;
  nats?: NatsEndpoint;
  redis?: RedisEndpoint;
}

/** How one broker was (or was not) provided; plain data, handed to vitest workers. */
export type ProvidedBroker =
  | { kind: 'kafka'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: KafkaEndpoint }
  | { kind: 'rabbitmq'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: RabbitMqEndpoint }
  | { kind: 'nats'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: NatsEndpoint }
  | { kind: 'redis'; status: 'ready'; provider: 'testcontainers' | 'external'; endpoint: RedisEndpoint }
  | { kind: BrokerKind; status: 'unavailable'; reason: string };
