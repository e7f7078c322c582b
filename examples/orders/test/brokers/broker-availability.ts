import {
  connectDocker,
  DEFAULT_RABBITMQ_IMAGE,
  DEFAULT_REDIS_IMAGE,
  describeDockerTarget,
  isDockerAvailable,
  type KafkaEndpoint,
  type ProvidedBrokers,
  provideBrokers,
} from '@eventspec/broker-fixtures';
import { describe, test } from 'vitest';

const required = process.env.EVENTSPEC_REQUIRE_BROKERS === '1';
const dockerReady = await isDockerAvailable();

/** The images these tests start: the EVENTSPEC_*_IMAGE variable, else the pinned official one. */
const IMAGES = {
  rabbitmq: {
    image: process.env.EVENTSPEC_RABBITMQ_IMAGE || DEFAULT_RABBITMQ_IMAGE,
    variable: 'EVENTSPEC_RABBITMQ_IMAGE',
  },
  redis: {
    image: process.env.EVENTSPEC_REDIS_IMAGE || DEFAULT_REDIS_IMAGE,
    variable: 'EVENTSPEC_REDIS_IMAGE',
  },
} as const;

async function imagePresent(image: string): Promise<boolean> {
  const client = await connectDocker();
  return client.container.dockerode
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/**
 * `describe` for tests that start a `broker` container of their own: skips visibly without Docker or without
 * the image (tests never pull one), and fails instead under EVENTSPEC_REQUIRE_BROKERS=1.
 */
export async function describeWithDocker(
  broker: keyof typeof IMAGES,
  name: string,
  body: () => void,
): Promise<void> {
  const { image, variable } = IMAGES[broker];
  const reason = !dockerReady
    ? `no Docker engine at ${describeDockerTarget()}`
    : (await imagePresent(image))
      ? undefined
      : `image ${image} is not on this machine (\`docker pull ${image}\`, or set ${variable} to an image it has)`;
  if (!reason) describe(name, body);
  else if (required) test(`${name} (Docker required)`, () => failNoDocker(reason));
  else describe.skip(`${name} — skipped: ${reason}`, body);
}

function failNoDocker(reason: string): never {
  throw new Error(`${reason}, and EVENTSPEC_REQUIRE_BROKERS=1`);
}

/** Provides Kafka for a test file (EVENTSPEC_KAFKA_BROKERS, else a container), or the reason it cannot. */
export async function provideKafka(): Promise<{
  provided: ProvidedBrokers;
  endpoint?: KafkaEndpoint;
  reason?: string;
}> {
  const provided = await provideBrokers(['kafka']);
  const [kafka] = provided.brokers;
  if (kafka?.status === 'ready' && kafka.kind === 'kafka') return { provided, endpoint: kafka.endpoint };
  const reason = kafka?.status === 'unavailable' ? kafka.reason : 'kafka was not provided';
  if (required) throw new Error(`${reason} (EVENTSPEC_REQUIRE_BROKERS=1)`);
  return { provided, reason };
}
