import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { startBrokerContainer } from '../../src/docker/start-broker-container.js';
import {
  BrokerError,
  KAFKA_IMAGES,
  KafkaContainer,
  RabbitMqContainer,
  RabbitMqManagement,
} from '../../src/index.js';
import { connectAmqp } from '../../src/rabbitmq.js';
import { describeWithDocker, describeWithImages, testImage } from '../support/docker-describe.js';
import { built, distIndex, runScript } from '../support/run-script.js';

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof BrokerError)) throw error;
  return error;
}

describeWithDocker('clear errors naming the cause and the fix', () => {
  test.each(Object.values(KAFKA_IMAGES))('a Kafka image that is not here fails fast: %s', async (image) => {
    const error = await failure(new KafkaContainer(image).withPullPolicy('never').start());
    expect(error.code).toBe('EVENTSPEC_BROKER_IMAGE_MISSING');
    expect(error.message.replace(image, '<image>').replace(image, '<image>')).toMatchInlineSnapshot(
      `"Image <image> is not on this machine and pulling is disabled (EVENTSPEC_IMAGE_PULL=never). Run \`docker pull <image>\` where a registry is reachable, or set EVENTSPEC_KAFKA_IMAGE to an image this machine has (see \`docker images\`)."`,
    );
  });
});

describeWithImages(['rabbitmq'], 'clear errors naming the cause and the fix, on the RabbitMQ image', () => {
  test('a host port in use is reported before anything starts', async () => {
    const server = createServer().listen(0, '0.0.0.0');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await failure(
        new RabbitMqContainer().withPullPolicy('never').withHostPorts({ amqp: port }).start(),
      );
      expect(error.code).toBe('EVENTSPEC_BROKER_PORT_IN_USE');
      expect(error.message.replaceAll(String(port), '<port>')).toMatchInlineSnapshot(
        `"Host port <port> asked for by the rabbitmq container is already in use. Free it (\`ss -ltnp 'sport = :<port>'\` shows who holds it) or leave the port out to let eventspec pick a free one."`,
      );
    } finally {
      server.close();
    }
  });

  const image = testImage('rabbitmq');
  /** Starts the RabbitMQ image with `command` instead of the broker, waiting for a line it never prints. */
  const neverReady = (command: string[], startupTimeoutMs: number) =>
    failure(
      startBrokerContainer({
        broker: 'rabbitmq',
        image,
        imageEnvVariable: 'EVENTSPEC_RABBITMQ_IMAGE',
        ports: [],
        environment: {},
        command,
        readyLog: /a line RabbitMQ never prints/,
        startupTimeoutMs,
        pull: 'never',
        reuse: false,
        onProgress: () => undefined,
      }),
    );

  test('a broker that never becomes ready: container removed, logs tail attached', async () => {
    // Not a broker: a process that prints one line and never becomes ready, so what the error holds does not
    // depend on how fast the machine boots a real broker; 10 s leaves a busy machine time to start it.
    const error = await neverReady(
      ['sh', '-c', 'echo "starting a broker that never gets ready"; exec sleep 300'],
      10_000,
    );
    expect(error.code).toBe('EVENTSPEC_BROKER_NOT_READY');
    expect(
      error.message
        .split('\n')[0]!
        .replace(image, '<image>')
        .replace(/gave up after \d+ ms/, 'gave up after <n> ms'),
    ).toMatchInlineSnapshot(
      `"The rabbitmq container (<image>) did not become ready within 10000 ms (waited for log line /a line RabbitMQ never prints/, gave up after <n> ms): Log message "/a line RabbitMQ never prints/" not received after 10000ms. The container was removed. Read its log below; raise the timeout with withStartupTimeout() on a slow machine."`,
    );
    // The tail is this container's own output.
    expect(error.logsTail).toBe('starting a broker that never gets ready');
    expect(error.message.split('\n').slice(1)).toMatchInlineSnapshot(`
      [
        "",
        "Last lines of the container log:",
        "  | starting a broker that never gets ready",
      ]
    `);
  }, 60_000);

  test('a container that stops before printing anything: the error says so instead of showing an empty log', async () => {
    const error = await neverReady(['sh', '-c', 'exit 3'], 3000);
    expect(error.code).toBe('EVENTSPEC_BROKER_NOT_READY');
    expect(error.logsTail).toBe('');
    expect(
      error.message
        .replace(image, '<image>')
        .replace(/gave up after \d+ ms\): [^.]*\./, 'gave up after <n> ms): <reason>.'),
    ).toMatchInlineSnapshot(
      `"The rabbitmq container (<image>) did not become ready within 3000 ms (waited for log line /a line RabbitMQ never prints/, gave up after <n> ms): <reason>. The container was removed. It printed nothing before it was stopped: the image may not start a broker at all (check EVENTSPEC_RABBITMQ_IMAGE), or the machine is too slow; raise the timeout with withStartupTimeout()."`,
    );
  }, 60_000);
});

test('wrong credentials are named as such, on AMQP and on the management API', async ({ skip }) => {
  const url = process.env.EVENTSPEC_AMQP_URL;
  if (!url) {
    if (process.env.EVENTSPEC_REQUIRE_BROKERS === '1') throw new Error('EVENTSPEC_AMQP_URL is not set');
    return skip('EVENTSPEC_AMQP_URL is not set: no RabbitMQ to refuse us');
  }
  const wrong = url
    .replace(/\/\/[^@]*@/, '//guest:wrong@')
    .replace(/^(amqps?:\/\/)(?!.*@)/, '$1guest:wrong@');
  const amqp = await failure(connectAmqp(wrong));
  expect(amqp.code).toBe('EVENTSPEC_BROKER_AUTH_FAILED');
  expect(amqp.message.replace(/@[^/ ]+/, '@<host>')).toMatchInlineSnapshot(
    `"RabbitMQ at amqp://guest:***@<host> refused the credentials (Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."). Check the user and password in the URL (EVENTSPEC_AMQP_URL) and that the user may access this vhost."`,
  );
  const host = new URL(url).hostname;
  const management = await failure(
    new RabbitMqManagement(`http://${host}:15672`, 'guest', 'wrong').overview(),
  );
  expect(management.code).toBe('EVENTSPEC_BROKER_AUTH_FAILED');
  expect(management.message.replace(/http:\/\/[^ ]+ /, '<url> ')).toMatchInlineSnapshot(
    `"The RabbitMQ management API at <url> refused the credentials (401 on GET /api/overview). Check the user and password in the AMQP URL; the user needs the administrator tag to manage vhosts."`,
  );
});

test.skipIf(!built)(
  'without a Docker engine, the error says where it looked and what to do',
  async () => {
    const { done } = runScript(
      `import { RabbitMqContainer } from ${JSON.stringify(distIndex)};
     try { await new RabbitMqContainer().start(); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }`,
      { DOCKER_HOST: 'tcp://127.0.0.1:1', TESTCONTAINERS_HOST_OVERRIDE: '' },
    );
    const { stdout } = await done;
    const error = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(error.code).toBe('EVENTSPEC_BROKER_DOCKER_UNAVAILABLE');
    expect(error.message).toMatchInlineSnapshot(
      `"No Docker engine answered (looked at DOCKER_HOST=tcp://127.0.0.1:1). Start Docker, or point DOCKER_HOST at a running engine, or use the external provider (EVENTSPEC_KAFKA_BROKERS / EVENTSPEC_AMQP_URL) to test against brokers someone else runs."`,
    );
  },
  30_000,
);
