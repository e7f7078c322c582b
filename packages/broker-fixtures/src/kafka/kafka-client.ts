import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import type { KafkaEndpoint } from './kafka-endpoint.js';

/** Options of {@link createKafkaClient}: any kafkajs client option, on top of eventspec's test defaults. */
export type KafkaClientOptions = Partial<KafkaConfig>;

/**
 * A kafkajs client for an endpoint, tuned for tests: fast connection timeout and retries, quiet logs.
 * Pass a fault proxy's `socketFactory` to send every broker connection through it.
 */
export function createKafkaClient(endpoint: KafkaEndpoint, options: KafkaClientOptions = {}): Kafka {
  return new Kafka({
    clientId: 'eventspec',
    brokers: endpoint.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 8 },
    ...options,
  });
}
