import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { type KafkaEndpoint, kafkaEndpointFromEnv } from '../kafka/kafka-endpoint.js';
import { type NatsEndpoint, natsEndpointFromEnv } from '../nats/nats-endpoint.js';
import { type RabbitMqEndpoint, rabbitMqEndpointFromUrl } from '../rabbitmq/rabbitmq-endpoint.js';
import { RabbitMqManagement } from '../rabbitmq/rabbitmq-management.js';
import { type RedisEndpoint, redisEndpointFromEnv } from '../redis/redis-endpoint.js';
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

/** The external NATS of EVENTSPEC_NATS_URL, checked to accept connections; undefined when not configured. */
export async function externalNats(env: NodeJS.ProcessEnv = process.env): Promise<NatsEndpoint | undefined> {
  const endpoint = natsEndpointFromEnv(env);
  if (endpoint) await assertReachable('NATS', 'EVENTSPEC_NATS_URL', endpoint.url, 4222);
  return endpoint;
}

/** The external Redis of EVENTSPEC_REDIS_URL, checked to accept connections; undefined when not configured. */
export async function externalRedis(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RedisEndpoint | undefined> {
  const endpoint = redisEndpointFromEnv(env);
  if (endpoint) await assertReachable('Redis', 'EVENTSPEC_REDIS_URL', endpoint.url, 6379);
  return endpoint;
}

async function assertReachable(
  broker: string,
  variable: string,
  url: string,
  defaultPort: number,
): Promise<void> {
  let host: string;
  try {
    const parsed = new URL(url);
    host = `${parsed.hostname}:${parsed.port || defaultPort}`;
  } catch (cause) {
    throw new BrokerError(
      BrokerErrorCode.InvalidOptions,
      `${variable}=${url} is not a URL: use ${broker === 'NATS' ? 'nats://host:4222' : 'redis://host:6379'}.`,
      { cause },
    );
  }
  if (!(await isTcpReachable(host))) {
    throw new BrokerError(
      BrokerErrorCode.Unreachable,
      `${broker} of ${variable} does not accept connections at ${host}. Start it (or the CI service container), ` +
        `fix the variable, or unset it to let eventspec start ${broker} in Docker.`,
    );
  }
}
