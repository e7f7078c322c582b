import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { type KafkaEndpoint, kafkaEndpointFromEnv } from '../kafka/kafka-endpoint.js';
import { type RabbitMqEndpoint, rabbitMqEndpointFromUrl } from '../rabbitmq/rabbitmq-endpoint.js';
import { RabbitMqManagement } from '../rabbitmq/rabbitmq-management.js';
import { isTcpReachable } from './tcp-reachable.js';

/** The external Kafka of EVENTSPEC_KAFKA_BROKERS, checked to answer; undefined when not configured. */
export async function externalKafka(
  env: NodeJS.ProcessEnv = process.env,
): Promise<KafkaEndpoint | undefined> {
  const endpoint = kafkaEndpointFromEnv(env);
  if (!endpoint) return undefined;
  const answers = await Promise.all(endpoint.brokers.map((broker) => isTcpReachable(broker)));
  if (!answers.some(Boolean)) {
    throw new BrokerError(
      BrokerErrorCode.Unreachable,
      `No Kafka broker of EVENTSPEC_KAFKA_BROKERS=${endpoint.brokers.join(',')} accepts connections. Start ` +
        'the cluster (or the CI service container), fix the variable, or unset it to let eventspec start Kafka in Docker.',
    );
  }
  return endpoint;
}

/**
 * The external RabbitMQ of EVENTSPEC_AMQP_URL (management API at EVENTSPEC_RABBITMQ_MANAGEMENT_URL or
 * port 15672 of the same host), checked to answer with valid credentials; undefined when not configured.
 */
export async function externalRabbitMq(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RabbitMqEndpoint | undefined> {
  if (!env.EVENTSPEC_AMQP_URL) return undefined;
  const endpoint = rabbitMqEndpointFromUrl(env.EVENTSPEC_AMQP_URL, env.EVENTSPEC_RABBITMQ_MANAGEMENT_URL);
  const amqpHost = new URL(endpoint.amqpUrl).host;
  if (!(await isTcpReachable(amqpHost.includes(':') ? amqpHost : `${amqpHost}:5672`))) {
    throw new BrokerError(
      BrokerErrorCode.Unreachable,
      `RabbitMQ of EVENTSPEC_AMQP_URL does not accept connections at ${amqpHost}. Start it (or the CI ` +
        'service container), fix the variable, or unset it to let eventspec start RabbitMQ in Docker.',
    );
  }
  await new RabbitMqManagement(endpoint.managementUrl, endpoint.username, endpoint.password).overview();
  return endpoint;
}
