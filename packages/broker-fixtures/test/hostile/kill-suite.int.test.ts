import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { getContainerRuntimeClient } from 'testcontainers';
import { describe, expect, test } from 'vitest';
import { RabbitMqManagement, rabbitMqEndpointFromUrl } from '../../src/index.js';
import { describeWithImages } from '../support/docker-describe.js';
import { built, distIndex } from '../support/run-script.js';

// A run killed at any moment leaves nothing behind within 60 s, without a next run cleaning up: no container,
// no vhost, no temp file. Each case kills a child process at a moment drawn from its seed (printed in the
// test name, so a failure replays), by SIGKILL, SIGINT to the process, or SIGINT to its process group.
const SIGNALS = [
  ['SIGKILL', 'process'],
  ['SIGINT', 'process'],
  ['SIGINT', 'group'],
] as const;
const SEEDS = [11, 29, 47];
const CLEAN_WITHIN_MS = 60_000;

/** A moment in [min, max) ms drawn from `seed` (mulberry32), so a failing case replays. */
function momentOf(seed: number, min: number, max: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return min + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min));
}

function startChild(source: string) {
  // Its own process group, so "SIGINT to the group" hits it (and its children) as Ctrl-C would a run.
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, exited, output: () => output };
}

function kill(pid: number, signal: 'SIGKILL' | 'SIGINT', target: 'process' | 'group'): void {
  try {
    process.kill(target === 'group' ? -pid : pid, signal);
  } catch {
    // Already gone.
  }
}

async function eventually(what: string, check: () => Promise<string[]>): Promise<void> {
  const deadline = Date.now() + CLEAN_WITHIN_MS;
  let left = await check();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    left = await check();
  }
  expect(left, `${what} left ${CLEAN_WITHIN_MS} ms after the kill`).toEqual([]);
}

function tempFilesOf(pid: number): Promise<string[]> {
  return Promise.resolve(readdirSync(tmpdir()).filter((name) => name.startsWith(`eventspec-owner-${pid}-`)));
}

async function containersOf(pid: number): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const left = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`org.eventspec.owner=${hostname()}:${pid}`] },
  });
  return left.map((info) => `${info.Id.slice(0, 12)} (${info.State})`);
}

const cases = SEEDS.flatMap((seed, index) => {
  const [signal, target] = SIGNALS[index % SIGNALS.length]!;
  return [{ seed, signal, target }];
});

// One container start at a time: three RabbitMQ boots at once on two busy cores slow every other test's.
describeWithImages(['rabbitmq'], 'kill suite: a run killed while a container starts leaves nothing', () => {
  test.skipIf(!built).each(cases)(
    'seed $seed: $signal to the $target',
    async ({ seed, signal, target }) => {
      const { child, exited, output } = startChild(`
        import { RabbitMqContainer } from ${JSON.stringify(distIndex)};
        await new RabbitMqContainer().withPullPolicy('never').withProgress(() => {}).start();
        console.log('started');
        setInterval(() => {}, 1000);
      `);
      // From before `docker create` to well after readiness (a start takes 5–20 s on this machine).
      const at = momentOf(seed, 300, 9000);
      await new Promise((resolve) => setTimeout(resolve, at));
      kill(child.pid!, signal, target);
      const killed = Date.now();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      kill(child.pid!, 'SIGKILL', 'process');
      await eventually(`containers of pid ${child.pid} (killed at ${at} ms; ${output()})`, () =>
        containersOf(child.pid!),
      );
      await eventually('temp files', () => tempFilesOf(child.pid!));
      expect(Date.now() - killed).toBeLessThan(CLEAN_WITHIN_MS);
    },
    120_000,
  );
});

const amqpUrl = process.env.EVENTSPEC_AMQP_URL;
const kafkaBrokers = process.env.EVENTSPEC_KAFKA_BROKERS;
const natsUrl = process.env.EVENTSPEC_NATS_URL;
const redisUrl = process.env.EVENTSPEC_REDIS_URL;
const dist = (entry: string) => JSON.stringify(distIndex.replace(/index\.js$/, `${entry}.js`));

async function natsStreamsOf(prefix: string): Promise<string[]> {
  if (!natsUrl) return [];
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const connection = await connect({ servers: natsUrl });
  try {
    const names: string[] = [];
    for await (const name of (await jetstreamManager(connection)).streams.names())
      if (name.startsWith(prefix)) names.push(name);
    return names;
  } finally {
    await connection.close();
  }
}

async function redisKeysOf(namespace: string): Promise<string[]> {
  if (!redisUrl) return [];
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  try {
    return await redis.keys(`${namespace}*`);
  } finally {
    redis.disconnect();
  }
}

// Skipped with its reason in the name (the run's "skipped, and why" lists it); failing under EVENTSPEC_REQUIRE_BROKERS=1.
const midTestSkip = !built
  ? 'dist/ is not built (pnpm run build)'
  : !amqpUrl
    ? 'EVENTSPEC_AMQP_URL is not set'
    : '';
// (A containers-only CI job, EVENTSPEC_BROKER_PROVIDER=testcontainers, has no external broker to kill a test on.)
const containersOnly = process.env.EVENTSPEC_BROKER_PROVIDER === 'testcontainers';
if (midTestSkip && process.env.EVENTSPEC_REQUIRE_BROKERS === '1' && !containersOnly) {
  test('kill suite: a test killed mid-way (broker required)', () => {
    throw new Error(`${midTestSkip}, and EVENTSPEC_REQUIRE_BROKERS=1`);
  });
}
describe.skipIf(midTestSkip !== '')(
  `kill suite: a test killed mid-way leaves no vhost, stream or key${midTestSkip ? ` — skipped: ${midTestSkip}` : ''}`,
  () => {
    const endpoint = amqpUrl ? rabbitMqEndpointFromUrl(amqpUrl) : undefined;
    test.concurrent.each(cases)(
      'seed $seed: $signal to the $target',
      async ({ seed, signal, target }) => {
        const namespace = `es_kill${seed}-${Date.now().toString(36)}_w.1_kill-suite`;
        const { child, exited } = startChild(`
        import { RabbitMqTestBroker } from ${dist('rabbitmq')};
        import { KafkaTestBroker } from ${dist('kafka')};
        import { NatsTestBroker } from ${dist('nats')};
        import { RedisTestBroker } from ${dist('redis')};
        const endpoint = ${JSON.stringify(endpoint)};
        const rabbit = await RabbitMqTestBroker.open(endpoint, { namespace: ${JSON.stringify(namespace)} });
        ${kafkaBrokers ? `const kafka = await KafkaTestBroker.open({ brokers: ${JSON.stringify(kafkaBrokers.split(','))}, capabilities: { deleteTopics: true, deleteGroups: true } }, { namespace: ${JSON.stringify(namespace)} });` : ''}
        ${natsUrl ? `const nats = await NatsTestBroker.open({ url: ${JSON.stringify(natsUrl)} }, { namespace: ${JSON.stringify(namespace)} });` : ''}
        ${redisUrl ? `const redis = await RedisTestBroker.open({ url: ${JSON.stringify(redisUrl)} }, { namespace: ${JSON.stringify(namespace)} });` : ''}
        console.log('open');
        for (let n = 0; ; n++) {
          await rabbit.publish('orders', { data: { n } });
          await rabbit.waitFor('orders');
          ${natsUrl ? `await nats.publish('orders', { data: { n } });` : ''}
          ${redisUrl ? `await redis.publish('orders', { data: { n } });` : ''}
        }
      `);
        await new Promise((resolve) => setTimeout(resolve, momentOf(seed, 100, 3000)));
        kill(child.pid!, signal, target);
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        kill(child.pid!, 'SIGKILL', 'process');
        const management = new RabbitMqManagement(
          endpoint!.managementUrl,
          endpoint!.username,
          endpoint!.password,
        );
        await eventually('vhosts', async () =>
          (await management.listVhosts()).map((vhost) => vhost.name).filter((name) => name === namespace),
        );
        const stream = namespace.replace(/[.*>\s/\\]/g, (char) => (char === '.' ? '_' : '-'));
        await eventually('NATS streams', () => natsStreamsOf(stream));
        await eventually('Redis keys', () => redisKeysOf(namespace));
        await eventually('temp files', () => tempFilesOf(child.pid!));
      },
      90_000,
    );
  },
);
