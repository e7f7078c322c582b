import { getContainerRuntimeClient } from 'testcontainers';
import { describe, expect, test } from 'vitest';
import { EventspecLabel, type ProvidedBroker, provideBrokers, RabbitMqContainer } from '../../src/index.js';
import { describeWithDocker, describeWithImages } from '../support/docker-describe.js';
import { built, distIndex, runScript } from '../support/run-script.js';

const ready = (broker: ProvidedBroker | undefined) => (broker?.status === 'ready' ? broker : undefined);

describe('provideBrokers: external', () => {
  test('auto takes the brokers of EVENTSPEC_KAFKA_BROKERS and EVENTSPEC_AMQP_URL when they are set', async ({
    skip,
  }) => {
    if (!process.env.EVENTSPEC_KAFKA_BROKERS || !process.env.EVENTSPEC_AMQP_URL) {
      const containersOnly = process.env.EVENTSPEC_BROKER_PROVIDER === 'testcontainers';
      if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1' && !containersOnly) {
        throw new Error('EVENTSPEC_KAFKA_BROKERS / EVENTSPEC_AMQP_URL are not set');
      }
      return skip('EVENTSPEC_KAFKA_BROKERS / EVENTSPEC_AMQP_URL not set');
    }
    await using provided = await provideBrokers(['kafka', 'rabbitmq']);
    const [kafka, rabbitmq] = provided.brokers;
    expect(ready(kafka)).toMatchObject({
      provider: 'external',
      endpoint: { brokers: process.env.EVENTSPEC_KAFKA_BROKERS.split(',') },
    });
    expect(ready(rabbitmq)).toMatchObject({ provider: 'external', endpoint: { username: 'guest' } });
  });

  test('an external broker that is configured but down is an error, not a silent fallback', async () => {
    const error = await provideBrokers(['kafka'], { env: { EVENTSPEC_KAFKA_BROKERS: '127.0.0.1:1' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'EVENTSPEC_BROKER_UNREACHABLE' });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"No Kafka broker of EVENTSPEC_KAFKA_BROKERS=127.0.0.1:1 accepts connections. Start the cluster (or the CI service container), fix the variable, or unset it to let eventspec start Kafka in Docker."`,
    );
  });

  test('auto takes NATS and Redis from EVENTSPEC_NATS_URL and EVENTSPEC_REDIS_URL; a configured one that is down is an error', async ({
    skip,
  }) => {
    if (!process.env.EVENTSPEC_NATS_URL || !process.env.EVENTSPEC_REDIS_URL) {
      if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1')
        throw new Error('EVENTSPEC_NATS_URL / EVENTSPEC_REDIS_URL are not set');
      return skip('EVENTSPEC_NATS_URL / EVENTSPEC_REDIS_URL not set');
    }
    await using provided = await provideBrokers(['nats', 'redis']);
    expect(provided.brokers).toEqual([
      {
        kind: 'nats',
        status: 'ready',
        provider: 'external',
        endpoint: { url: process.env.EVENTSPEC_NATS_URL },
      },
      {
        kind: 'redis',
        status: 'ready',
        provider: 'external',
        endpoint: { url: process.env.EVENTSPEC_REDIS_URL },
      },
    ]);
    const error = await provideBrokers(['redis'], {
      env: { EVENTSPEC_REDIS_URL: 'redis://127.0.0.1:1' },
    }).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toMatchInlineSnapshot(
      `"Redis of EVENTSPEC_REDIS_URL does not accept connections at 127.0.0.1:1. Start it (or the CI service container), fix the variable, or unset it to let eventspec start Redis in Docker."`,
    );
  });

  test('an unknown provider name is refused with the valid ones', async () => {
    const error = await provideBrokers(['kafka'], { env: { EVENTSPEC_BROKER_PROVIDER: 'docker' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'EVENTSPEC_BROKER_INVALID_OPTIONS' });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Unknown broker provider 'docker' (EVENTSPEC_BROKER_PROVIDER or the provider option): use one of auto, testcontainers, external."`,
    );
  });

  test('the external provider without its variable says which one to set', async () => {
    const error = await provideBrokers(['rabbitmq'], { provider: 'external', env: {} }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatchInlineSnapshot(
      `"rabbitmq: the external provider needs EVENTSPEC_AMQP_URL; it is not set."`,
    );
  });
});

test.skipIf(!built)(
  'auto without external brokers nor Docker: unavailable, with one line of what was tried',
  async () => {
    const { done } = runScript(
      `import { provideBrokers } from ${JSON.stringify(distIndex)};
     const provided = await provideBrokers(['kafka', 'rabbitmq'], { env: {} });
     console.log(JSON.stringify(provided.brokers));`,
      { DOCKER_HOST: 'tcp://127.0.0.1:1' },
    );
    const { stdout, stderr } = await done;
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchInlineSnapshot(`
    [
      {
        "kind": "kafka",
        "reason": "kafka: tried EVENTSPEC_KAFKA_BROKERS (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_KAFKA_BROKERS to a running broker or start Docker.",
        "status": "unavailable",
      },
      {
        "kind": "rabbitmq",
        "reason": "rabbitmq: tried EVENTSPEC_AMQP_URL (not set), then Docker at DOCKER_HOST=tcp://127.0.0.1:1 (no engine answered). Set EVENTSPEC_AMQP_URL to a running broker or start Docker.",
        "status": "unavailable",
      },
    ]
  `);
  },
  30_000,
);

describeWithImages(['rabbitmq', 'nats', 'redis'], 'provideBrokers: testcontainers', () => {
  test('starts RabbitMQ in a container and stops it with the run', async () => {
    const provided = await provideBrokers(['rabbitmq'], {
      provider: 'testcontainers',
      rabbitmqContainer: (container) => container.withPullPolicy('never').withProgress(() => undefined),
    });
    const rabbitmq = ready(provided.brokers[0]);
    expect(rabbitmq).toMatchObject({
      provider: 'testcontainers',
      endpoint: { amqpUrl: expect.stringMatching(/^amqp:\/\/guest:guest@/) },
    });
    const client = await getContainerRuntimeClient();
    const ours = async () =>
      (
        await client.container.dockerode.listContainers({ filters: { label: [`${EventspecLabel.owner}`] } })
      ).map((info) => info.Id);
    const during = await ours();
    await provided.stop();
    const after = await ours();
    expect(during.filter((id) => !after.includes(id))).toHaveLength(1);
  }, 60_000);

  test('starts NATS and Redis in containers from their images and stops them with the run', async () => {
    const quiet = () => undefined;
    const provided = await provideBrokers(['nats', 'redis'], {
      provider: 'testcontainers',
      natsContainer: (container) => container.withPullPolicy('never').withProgress(quiet),
      redisContainer: (container) => container.withPullPolicy('never').withProgress(quiet),
    });
    expect(provided.brokers).toMatchObject([
      { kind: 'nats', provider: 'testcontainers', endpoint: { url: expect.stringMatching(/^nats:\/\//) } },
      { kind: 'redis', provider: 'testcontainers', endpoint: { url: expect.stringMatching(/^redis:\/\//) } },
    ]);
    const client = await getContainerRuntimeClient();
    const ours = async () =>
      (
        await client.container.dockerode.listContainers({ filters: { label: [`${EventspecLabel.owner}`] } })
      ).map((info) => info.Id);
    const during = await ours();
    await provided.stop();
    const after = await ours();
    expect(during.filter((id) => !after.includes(id))).toHaveLength(2);
  }, 60_000);

  test('withReuse: concurrent starts share one container (cross-process lock), kept after the run', async () => {
    const start = () =>
      new RabbitMqContainer()
        .withPullPolicy('never')
        .withReuse()
        .withProgress(() => undefined)
        .start();
    const [first, second] = await Promise.all([start(), start()]);
    try {
      expect(second.getId()).toBe(first.getId());
      expect(first.getLabels()).toMatchObject({ [EventspecLabel.reuse]: 'true' });
      expect(first.getLabels()[EventspecLabel.owner]).toBeUndefined();
    } finally {
      const client = await getContainerRuntimeClient();
      const ids = new Set([first.getId(), second.getId()]);
      for (const id of ids) await client.container.dockerode.getContainer(id).remove({ force: true });
    }
  }, 60_000);
});

describeWithDocker('provideBrokers: Docker answers but cannot have the images', () => {
  const missingImages = {
    EVENTSPEC_KAFKA_IMAGE: 'eventspec-test/no-such-kafka:0',
    EVENTSPEC_RABBITMQ_IMAGE: 'eventspec-test/no-such-rabbitmq:0',
    // A missing image is never pulled in tests: with pulling disabled it stands for an offline machine.
    EVENTSPEC_IMAGE_PULL: 'never',
  };

  test.skipIf(!built)(
    'auto: each broker whose image is missing is unavailable, with the image and the fix',
    async () => {
      const { done } = runScript(
        `import { provideBrokers } from ${JSON.stringify(distIndex)};
     const provided = await provideBrokers(['kafka', 'rabbitmq'], { env: {} });
     console.log(JSON.stringify(provided.brokers));`,
        missingImages,
      );
      const { stdout, stderr } = await done;
      expect(stderr.replace(/^\[eventspec\] Testcontainers' Ryuk.*\n/m, '')).toBe('');
      expect(JSON.parse(stdout)).toMatchInlineSnapshot(`
      [
        {
          "kind": "kafka",
          "reason": "kafka: tried EVENTSPEC_KAFKA_BROKERS (not set), then Docker: Image eventspec-test/no-such-kafka:0 is not on this machine and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Run \`docker pull eventspec-test/no-such-kafka:0\` where a registry is reachable, or set EVENTSPEC_KAFKA_IMAGE to an image this machine has (see \`docker images\`). Or set EVENTSPEC_KAFKA_BROKERS to a running broker.",
          "status": "unavailable",
        },
        {
          "kind": "rabbitmq",
          "reason": "rabbitmq: tried EVENTSPEC_AMQP_URL (not set), then Docker: Image eventspec-test/no-such-rabbitmq:0 is not on this machine and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Run \`docker pull eventspec-test/no-such-rabbitmq:0\` where a registry is reachable, or set EVENTSPEC_RABBITMQ_IMAGE to an image this machine has (see \`docker images\`). Or set EVENTSPEC_AMQP_URL to a running broker.",
          "status": "unavailable",
        },
      ]
    `);
    },
    60_000,
  );

  test.skipIf(!built)(
    'the testcontainers provider still fails with the image error',
    async () => {
      const { done } = runScript(
        `import { provideBrokers } from ${JSON.stringify(distIndex)};
     await provideBrokers(['rabbitmq'], { provider: 'testcontainers' }).catch((error) => console.log(error.code));`,
        missingImages,
      );
      expect((await done).stdout.trim()).toBe('EVENTSPEC_BROKER_IMAGE_MISSING');
    },
    60_000,
  );
});

describeWithImages(['rabbitmq'], 'provideBrokers: no Ryuk needed', () => {
  test.skipIf(!built)(
    "Ryuk's image missing and TESTCONTAINERS_RYUK_DISABLED unset: Ryuk is turned off, never pulled, and it says so",
    async () => {
      const { done } = runScript(
        `import { provideBrokers } from ${JSON.stringify(distIndex)};
       const provided = await provideBrokers(['rabbitmq'], {
         provider: 'testcontainers',
         rabbitmqContainer: (container) => container.withPullPolicy('never').withProgress(() => undefined),
       });
       console.log(JSON.stringify({ status: provided.brokers[0].status, ryuk: process.env.TESTCONTAINERS_RYUK_DISABLED }));
       await provided.stop();`,
        { TESTCONTAINERS_RYUK_DISABLED: '', RYUK_CONTAINER_IMAGE: 'eventspec-test/no-such-ryuk:0' },
      );
      const { stdout, stderr } = await done;
      expect(JSON.parse(stdout)).toEqual({ status: 'ready', ryuk: 'true' });
      expect(stderr.trim()).toMatchInlineSnapshot(
        `"[eventspec] Testcontainers' Ryuk image eventspec-test/no-such-ryuk:0 is not on this machine: Ryuk is off for this run (eventspec removes its own containers). Set TESTCONTAINERS_RYUK_DISABLED=false to use Ryuk anyway."`,
      );
    },
    90_000,
  );
});
