import { createServer, type Server } from 'node:net';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { afterEach, expect, test, vi } from 'vitest';
import { EventspecLabel, provideBrokers, RedisContainer } from '../../src/index.js';
import { describeWithImages, testImage } from '../support/docker-describe.js';

// Testcontainers starts Ryuk inside a container's start(); these tests force it on (as a user may) with an
// image that cannot be had. No test pulls anything: a pull is only tried from a registry on loopback port 1,
// which refuses at once, or pulling is off.
const NO_SUCH_RYUK = '127.0.0.1:1/eventspec-test/no-such-ryuk:0';

/** Docker's own reason varies with its version and the network: the rest of the message is ours. */
const normalize = (message: string) => message.replace(/Docker said: .*$/s, 'Docker said: <reason>');

afterEach(() => {
  vi.unstubAllEnvs();
});

async function ownContainers(): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const found = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [EventspecLabel.broker] },
  });
  return found.map((info) => info.Id);
}

async function imageHere(image: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.image.exists(ImageName.fromString(image));
}

/** A running Ryuk would be reused by Testcontainers whatever its image: these cases need none. */
async function skipIfRyukRuns(skip: (reason: string) => void): Promise<void> {
  const client = await getContainerRuntimeClient();
  const running = await client.container.dockerode.listContainers({
    filters: { label: ['org.testcontainers.ryuk=true'] },
  });
  if (running.length > 0)
    skip('a Ryuk container already runs on this engine (Testcontainers would reuse it)');
}

const startRedis = (image: string) =>
  new RedisContainer(image)
    .withProgress(() => undefined)
    .start()
    .then(
      async (started) => {
        await started.stop();
        return undefined;
      },
      (error: unknown) => error as Error & { code?: string; expected?: unknown },
    );

// A broker image must be here: Ryuk is asked for once the broker's image is found, before its container exists.
describeWithImages(['redis'], "Testcontainers' Ryuk forced on without its image", () => {
  test('TESTCONTAINERS_RYUK_DISABLED=false and the image cannot be pulled: the error names Ryuk, its image and the fixes; no container is created', async ({
    skip,
  }) => {
    const image = testImage('redis');
    await skipIfRyukRuns(skip);
    vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', 'false');
    vi.stubEnv('RYUK_CONTAINER_IMAGE', NO_SUCH_RYUK);
    vi.stubEnv('EVENTSPEC_IMAGE_PULL', 'missing');
    const before = await ownContainers();
    const error = await startRedis(image);
    expect(error?.code).toBe('EVENTSPEC_BROKER_IMAGE_MISSING');
    expect(error?.expected).toBe(NO_SUCH_RYUK);
    expect(normalize(error?.message ?? '')).toMatchInlineSnapshot(
      `"Testcontainers' Ryuk reaper is on (TESTCONTAINERS_RYUK_DISABLED=false turns it on), and its image 127.0.0.1:1/eventspec-test/no-such-ryuk:0 (RYUK_CONTAINER_IMAGE) is not on this machine and could not be pulled. Pull or load it (\`docker pull 127.0.0.1:1/eventspec-test/no-such-ryuk:0\` where a registry is reachable, or \`docker save\` it there and \`docker load\` it here; RYUK_CONTAINER_IMAGE names another Ryuk image), or unset TESTCONTAINERS_RYUK_DISABLED or set it to true to run without Ryuk: eventspec's fixtures remove their own containers. Docker said: <reason>"`,
    );
    expect((await ownContainers()).filter((id) => !before.includes(id))).toEqual([]);
  });

  test("with pulling off, Testcontainers' own default Ryuk image is named and nothing is pulled", async ({
    skip,
  }) => {
    const image = testImage('redis');
    await skipIfRyukRuns(skip);
    vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', 'false');
    vi.stubEnv('RYUK_CONTAINER_IMAGE', '');
    if (await imageHere('testcontainers/ryuk:0.14.0'))
      return skip('testcontainers/ryuk:0.14.0 is on this machine');
    const error = await new RedisContainer(image)
      .withPullPolicy('never')
      .withProgress(() => undefined)
      .start()
      .then(
        () => undefined,
        (caught: Error & { code?: string }) => caught,
      );
    expect(error?.code).toBe('EVENTSPEC_BROKER_IMAGE_MISSING');
    expect(error?.message).toMatchInlineSnapshot(
      `"Testcontainers' Ryuk reaper is on (TESTCONTAINERS_RYUK_DISABLED=false turns it on), and its image testcontainers/ryuk:0.14.0 is not on this machine, and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Pull or load it (\`docker pull testcontainers/ryuk:0.14.0\` where a registry is reachable, or \`docker save\` it there and \`docker load\` it here; RYUK_CONTAINER_IMAGE names another Ryuk image), or unset TESTCONTAINERS_RYUK_DISABLED or set it to true to run without Ryuk: eventspec's fixtures remove their own containers."`,
    );
  });

  test('TESTCONTAINERS_RYUK_DISABLED=1 is not "off" for Testcontainers: the error says so', async ({
    skip,
  }) => {
    const image = testImage('redis');
    await skipIfRyukRuns(skip);
    vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', '1');
    vi.stubEnv('RYUK_CONTAINER_IMAGE', NO_SUCH_RYUK);
    vi.stubEnv('EVENTSPEC_IMAGE_PULL', 'never');
    const error = await startRedis(image);
    expect(error?.message.split(', and its image')[0]).toMatchInlineSnapshot(
      `"Testcontainers' Ryuk reaper is on (TESTCONTAINERS_RYUK_DISABLED=1 leaves it on: Testcontainers turns Ryuk off only for "true")"`,
    );
  });

  test('auto provider: the broker is unavailable with the Ryuk reason (its tests skip, or fail under EVENTSPEC_REQUIRE_BROKERS=1)', async ({
    skip,
  }) => {
    const image = testImage('redis');
    await skipIfRyukRuns(skip);
    vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', 'false');
    vi.stubEnv('RYUK_CONTAINER_IMAGE', NO_SUCH_RYUK);
    vi.stubEnv('EVENTSPEC_IMAGE_PULL', 'never');
    const provided = await provideBrokers(['redis'], {
      env: {},
      redisContainer: () => new RedisContainer(image).withProgress(() => undefined),
    });
    expect(provided.brokers).toMatchInlineSnapshot(`
      [
        {
          "kind": "redis",
          "reason": "redis: tried EVENTSPEC_REDIS_URL (not set), then Docker: Testcontainers' Ryuk reaper is on (TESTCONTAINERS_RYUK_DISABLED=false turns it on), and its image 127.0.0.1:1/eventspec-test/no-such-ryuk:0 (RYUK_CONTAINER_IMAGE) is not on this machine, and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Pull or load it (\`docker pull 127.0.0.1:1/eventspec-test/no-such-ryuk:0\` where a registry is reachable, or \`docker save\` it there and \`docker load\` it here; RYUK_CONTAINER_IMAGE names another Ryuk image), or unset TESTCONTAINERS_RYUK_DISABLED or set it to true to run without Ryuk: eventspec's fixtures remove their own containers. Or set EVENTSPEC_REDIS_URL to a running broker.",
          "status": "unavailable",
        },
      ]
    `);
  });

  test('Ryuk image here but Ryuk cannot start: EVENTSPEC_BROKER_RYUK_FAILED, not "did not become ready"', async ({
    skip,
  }) => {
    const image = testImage('redis');
    await skipIfRyukRuns(skip);
    // Ryuk's host port is held by this test, so Docker cannot publish it.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', 'false');
      vi.stubEnv('RYUK_CONTAINER_IMAGE', image);
      vi.stubEnv('TESTCONTAINERS_RYUK_PORT', String(port));
      const before = await ownContainers();
      const error = await startRedis(image);
      expect(error?.code).toBe('EVENTSPEC_BROKER_RYUK_FAILED');
      expect(
        normalize(error?.message ?? '')
          .replace(image, '<local image>')
          .replace(/\n/g, ' '),
      ).toMatchInlineSnapshot(
        `"Testcontainers' Ryuk reaper is on (TESTCONTAINERS_RYUK_DISABLED=false turns it on), and its image <local image> (RYUK_CONTAINER_IMAGE) is on this machine, but the Ryuk container did not start, so no container was started. Set TESTCONTAINERS_RYUK_DISABLED=true (eventspec removes its own containers), or fix what stops Ryuk (TESTCONTAINERS_RYUK_PORT, TESTCONTAINERS_RYUK_PRIVILEGED, the Docker socket it mounts). Docker said: <reason>"`,
      );
      expect((await ownContainers()).filter((id) => !before.includes(id))).toEqual([]);
    } finally {
      server.close();
    }
  });
});
