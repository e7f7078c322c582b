import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { describe, test } from 'vitest';
import {
  type BrokerKind,
  DEFAULT_NATS_IMAGE,
  DEFAULT_RABBITMQ_IMAGE,
  DEFAULT_REDIS_IMAGE,
  defaultKafkaImage,
  describeDockerTarget,
  isDockerAvailable,
} from '../../src/index.js';

const available = await isDockerAvailable();

/** The image each broker's container starts here (its EVENTSPEC_*_IMAGE, else the pinned official one). */
const IMAGES: Record<BrokerKind, { image: string; variable: string }> = {
  kafka: { image: defaultKafkaImage(), variable: 'EVENTSPEC_KAFKA_IMAGE' },
  rabbitmq: {
    image: process.env.EVENTSPEC_RABBITMQ_IMAGE || DEFAULT_RABBITMQ_IMAGE,
    variable: 'EVENTSPEC_RABBITMQ_IMAGE',
  },
  nats: { image: process.env.EVENTSPEC_NATS_IMAGE || DEFAULT_NATS_IMAGE, variable: 'EVENTSPEC_NATS_IMAGE' },
  redis: {
    image: process.env.EVENTSPEC_REDIS_IMAGE || DEFAULT_REDIS_IMAGE,
    variable: 'EVENTSPEC_REDIS_IMAGE',
  },
};

// Tests never pull: an image that is not here makes the tests that start it skip (or fail when required).
const present = new Set<BrokerKind>();
if (available) {
  const client = await getContainerRuntimeClient();
  for (const [kind, { image }] of Object.entries(IMAGES) as Array<[BrokerKind, { image: string }]>) {
    if (await client.image.exists(ImageName.fromString(image)).catch(() => false)) present.add(kind);
  }
}

/** The image the `kind` container starts in these tests. */
export function testImage(kind: BrokerKind): string {
  return IMAGES[kind].image;
}

/**
 * `describe` for tests that talk to Docker themselves: skipped with a visible reason without Docker,
 * replaced by a failing test when EVENTSPEC_REQUIRE_BROKERS=1.
 */
export function describeWithDocker(name: string, body: () => void): void {
  describeWithImages([], name, body);
}

/**
 * {@link describeWithDocker} for tests that start the containers of `images`: also skipped (or failing,
 * when required) when one of those images is not on this machine, since tests never pull.
 */
export function describeWithImages(images: readonly BrokerKind[], name: string, body: () => void): void {
  const missing = images.filter((kind) => !present.has(kind));
  const reason = !available
    ? `no Docker engine at ${describeDockerTarget()}`
    : missing
        .map(
          (kind) =>
            `image ${IMAGES[kind].image} is not on this machine (set ${IMAGES[kind].variable} to one it has)`,
        )
        .join('; ');
  if (!reason) {
    describe(name, body);
  } else if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1') {
    test(`${name} (Docker and images required)`, () => {
      throw new Error(`${reason}, and EVENTSPEC_REQUIRE_BROKERS=1`);
    });
  } else {
    describe.skip(`${name} — skipped: ${reason}`, body);
  }
}
