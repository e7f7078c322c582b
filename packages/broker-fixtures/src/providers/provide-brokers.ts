import { connectDocker, describeDockerTarget } from '../docker/docker-engine.js';
import { avoidRyukPull } from '../docker/ryuk-reaper.js';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { KafkaContainer } from '../kafka/kafka-container.js';
import { NatsContainer } from '../nats/nats-container.js';
import { RabbitMqContainer } from '../rabbitmq/rabbitmq-container.js';
import { recordBroker, recordStarted } from '../records/broker-records.js';
import { RedisContainer } from '../redis/redis-container.js';
import type { BrokerKind, ProvidedBroker, ProviderName } from './broker-kind.js';
import { externalKafka, externalNats, externalRabbitMq, externalRedis } from './external-provider.js';

/** Options of {@link provideBrokers}. */
export interface ProvideBrokersOptions {
  /** @default process.env.EVENTSPEC_BROKER_PROVIDER, else 'auto' */
  provider?: ProviderName;
  env?: NodeJS.ProcessEnv;
  /** Adjust the containers before they start (image, timeouts, reuse, progress). */
  kafkaContainer?: (container: KafkaContainer) => KafkaContainer;
  rabbitmqContainer?: (container: RabbitMqContainer) => RabbitMqContainer;
  natsContainer?: (container: NatsContainer) => NatsContainer;
  redisContainer?: (container: RedisContainer) => RedisContainer;
}

/** Brokers provided for a run; `stop()` stops the containers started for it. */
export interface ProvidedBrokers extends AsyncDisposable {
  brokers: ProvidedBroker[];
  stop(): Promise<void>;
}

const PROVIDERS: readonly ProviderName[] = ['auto', 'testcontainers', 'external'];

const EXTERNAL_VARIABLE: Record<BrokerKind, string> = {
  kafka: 'EVENTSPEC_KAFKA_BROKERS',
  rabbitmq: 'EVENTSPEC_AMQP_URL',
  nats: 'EVENTSPEC_NATS_URL',
  redis: 'EVENTSPEC_REDIS_URL',
};

const EXTERNAL = {
  kafka: externalKafka,
  rabbitmq: externalRabbitMq,
  nats: externalNats,
  redis: externalRedis,
} satisfies Record<BrokerKind, (env: NodeJS.ProcessEnv) => Promise<unknown>>;

/**
 * Provides each broker asked for. A broker that cannot be had under `auto` comes back `unavailable`
 * with one line saying what was tried and how to fix it (tests then skip, or fail under
 * EVENTSPEC_REQUIRE_BROKERS=1); a provider asked for explicitly that fails throws its BrokerError.
 */
export async function provideBrokers(
  kinds: readonly BrokerKind[],
  options: ProvideBrokersOptions = {},
): Promise<ProvidedBrokers> {
  const env = options.env ?? process.env;
  const provider = options.provider ?? (env.EVENTSPEC_BROKER_PROVIDER || 'auto');
  if (!PROVIDERS.includes(provider as ProviderName)) {
    throw new BrokerError(
      BrokerErrorCode.InvalidOptions,
      `Unknown broker provider '${provider}' (EVENTSPEC_BROKER_PROVIDER or the provider option): use one of ${PROVIDERS.join(', ')}.`,
      { actual: provider, expected: PROVIDERS },
    );
  }
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.splice(0).map((fn) => fn()));
  };
  try {
    const brokers = await Promise.all(
      kinds.map((kind) => provideOne(kind, provider as ProviderName, env, options, stops)),
    );
    return { brokers, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function provideOne(
  kind: BrokerKind,
  provider: ProviderName,
  env: NodeJS.ProcessEnv,
  options: ProvideBrokersOptions,
  stops: Array<() => Promise<void>>,
): Promise<ProvidedBroker> {
  const tried: string[] = [];
  if (provider !== 'testcontainers') {
    const external = await EXTERNAL[kind](env);
    if (external) {
      recordBroker(kind, 'provided', () => `external, at ${describeEndpoint(external)}`);
      return { kind, status: 'ready', provider: 'external', endpoint: external } as ProvidedBroker;
    }
    tried.push(`${EXTERNAL_VARIABLE[kind]} (not set)`);
    if (provider === 'external') {
      throw new BrokerError(
        BrokerErrorCode.Unavailable,
        `${kind}: the external provider needs ${EXTERNAL_VARIABLE[kind]}; it is not set.`,
      );
    }
  }
  if (provider === 'auto') {
    try {
      await avoidRyukPull(await connectDocker());
    } catch {
      tried.push(`Docker at ${describeDockerTarget()} (no engine answered)`);
      return {
        kind,
        status: 'unavailable',
        reason: `${kind}: tried ${tried.join(', then ')}. Set ${EXTERNAL_VARIABLE[kind]} to a running broker or start Docker.`,
      };
    }
    try {
      return await provideContainer(kind, options, stops);
    } catch (error) {
      // Docker answers but cannot have the image (offline, no registry): skip like without Docker.
      if (!(error instanceof BrokerError) || error.code !== BrokerErrorCode.ImageMissing) throw error;
      return {
        kind,
        status: 'unavailable',
        reason: `${kind}: tried ${tried.join(', then ')}, then Docker: ${error.message} Or set ${EXTERNAL_VARIABLE[kind]} to a running broker.`,
      };
    }
  }
  await avoidRyukPull(await connectDocker());
  return provideContainer(kind, options, stops);
}

async function provideContainer(
  kind: BrokerKind,
  options: ProvideBrokersOptions,
  stops: Array<() => Promise<void>>,
): Promise<ProvidedBroker> {
  const startedAt = performance.now();
  const container = await startContainer(kind, options);
  await recordStarted(kind, container, startedAt);
  stops.push(async () => {
    await container.stop();
  });
  return {
    kind,
    status: 'ready',
    provider: 'testcontainers',
    endpoint: container.getEndpoint(),
  } as ProvidedBroker;
}

function startContainer(kind: BrokerKind, options: ProvideBrokersOptions) {
  const same = <T>(container: T) => container;
  switch (kind) {
    case 'kafka':
      return (options.kafkaContainer ?? same)(new KafkaContainer()).start();
    case 'rabbitmq':
      return (options.rabbitmqContainer ?? same)(new RabbitMqContainer()).start();
    case 'nats':
      return (options.natsContainer ?? same)(new NatsContainer()).start();
    case 'redis':
      return (options.redisContainer ?? same)(new RedisContainer()).start();
  }
}

function describeEndpoint(endpoint: object): string {
  if ('brokers' in endpoint) return (endpoint.brokers as string[]).join(', ');
  const url = 'amqpUrl' in endpoint ? endpoint.amqpUrl : 'url' in endpoint ? endpoint.url : '?';
  return String(url).replace(/\/\/[^@]*@/, '//');
}
