import { describe, expect } from 'vitest';
import {
  formatNamespace,
  type KafkaEndpoint,
  type NatsEndpoint,
  newRunId,
  type RabbitMqEndpoint,
  RabbitMqManagement,
  type RedisEndpoint,
  removeRabbitMqLeftovers,
} from '../../src/index.js';
import { KafkaTestBroker, removeKafkaLeftovers } from '../../src/kafka.js';
import { NatsTestBroker, removeNatsLeftovers } from '../../src/nats.js';
import { RedisTestBroker, removeRedisLeftovers } from '../../src/redis.js';
import { endpointOf, brokerTest as test } from '../../src/vitest.js';

const HOUR = 3_600_000;
const namespace = (label: string, startedAgo: number) =>
  formatNamespace({
    runId: newRunId({ EVENTSPEC_RUN_ID: label }, Date.now() - startedAgo),
    worker: '1',
    sequence: 1,
    label,
  });

describe('cleanup of what crashed runs left on a shared broker', () => {
  test('RabbitMQ: vhosts of runs over an hour old are deleted; a parallel shard’s and foreign ones stay', async ({
    rabbitmq,
    skip,
  }) => {
    const endpoint = endpointOf('rabbitmq', skip) as RabbitMqEndpoint;
    const management = new RabbitMqManagement(endpoint.managementUrl, endpoint.username, endpoint.password);
    const crashed = namespace('crashed', 2 * HOUR);
    const parallel = namespace('parallel-shard', 60_000);
    const foreign = `not-eventspec-${Date.now()}`;
    for (const vhost of [crashed, parallel, foreign]) await management.createVhost(vhost, endpoint.username);
    try {
      const removed = await removeRabbitMqLeftovers(endpoint, { currentRunId: newRunId() });
      expect(removed).toContain(crashed);
      const names = (await management.listVhosts()).map((vhost) => vhost.name);
      expect(names).not.toContain(crashed);
      expect(names).toEqual(expect.arrayContaining([parallel, foreign, rabbitmq.namespace.name]));
    } finally {
      for (const vhost of [crashed, parallel, foreign]) await management.deleteVhost(vhost);
    }
  });

  test('RabbitMQ: at the end of a run, the vhosts its crashed tests left are deleted', async ({ skip }) => {
    const endpoint = endpointOf('rabbitmq', skip) as RabbitMqEndpoint;
    const management = new RabbitMqManagement(endpoint.managementUrl, endpoint.username, endpoint.password);
    const runId = newRunId({ EVENTSPEC_RUN_ID: 'ending' });
    const crashedTest = formatNamespace({ runId, worker: '2', sequence: 9, label: 'crashed mid-test' });
    const otherShard = namespace('other-shard', 60_000);
    for (const vhost of [crashedTest, otherShard]) await management.createVhost(vhost, endpoint.username);
    try {
      expect(await removeRabbitMqLeftovers(endpoint, { currentRunId: runId, currentRun: true })).toEqual([
        crashedTest,
      ]);
    } finally {
      for (const vhost of [crashedTest, otherShard]) await management.deleteVhost(vhost);
    }
  });

  test('Kafka: topics of old runs are found and deleted, or reported kept where the cluster cannot delete', async ({
    kafka,
    skip,
  }) => {
    const endpoint = endpointOf('kafka', skip) as KafkaEndpoint;
    const crashed = await KafkaTestBroker.open(
      { ...endpoint, capabilities: { ...endpoint.capabilities } },
      {
        namespace: namespace('crashed', 2 * HOUR),
      },
    );
    await crashed.publish('orders', { data: 'left behind' });
    await kafka.publish('orders', { data: 'current run' });
    const result = await removeKafkaLeftovers(
      { ...endpoint, capabilities: { ...endpoint.capabilities } },
      {
        currentRunId: newRunId(),
      },
    );
    const leftover = crashed.topic('orders');
    expect([...result.deleted, ...result.retained]).toContain(leftover);
    expect([...result.deleted, ...result.retained]).not.toContain(kafka.topic('orders'));
    if (result.retained.includes(leftover)) expect(result.reason).toMatch(/deleteTopics/);
    await crashed.close();
  });

  test('NATS: streams of runs over an hour old are deleted (a killed run leaves them); current ones stay', async ({
    nats,
    skip,
  }) => {
    const endpoint = endpointOf('nats', skip) as NatsEndpoint;
    // A run killed before its tests' teardown: its streams stay on the shared server.
    const crashed = await NatsTestBroker.open(endpoint, { namespace: namespace('crashed', 2 * HOUR) });
    const parallel = await NatsTestBroker.open(endpoint, { namespace: namespace('parallel-shard', 60_000) });
    await crashed.publish('orders', { data: 'left behind' });
    await parallel.publish('orders', { data: 'still running' });
    await nats.publish('orders', { data: 'current run' });
    try {
      const removed = await removeNatsLeftovers(endpoint, { currentRunId: newRunId() });
      expect(removed).toContain(crashed.stream);
      expect(removed).not.toContain(parallel.stream);
      expect(removed).not.toContain(nats.stream);
    } finally {
      await crashed.close();
      await parallel.close();
    }
  });

  test('Redis: keys of runs over an hour old are unlinked (a killed run leaves them); current ones stay', async ({
    redis,
    skip,
  }) => {
    const endpoint = endpointOf('redis', skip) as RedisEndpoint;
    const crashed = await RedisTestBroker.open(endpoint, { namespace: namespace('crashed', 2 * HOUR) });
    const parallel = await RedisTestBroker.open(endpoint, { namespace: namespace('parallel-shard', 60_000) });
    await crashed.publish('orders', { data: 'left behind' });
    await parallel.publish('orders', { data: 'still running' });
    await redis.publish('orders', { data: 'current run' });
    try {
      const removed = await removeRedisLeftovers(endpoint, { currentRunId: newRunId() });
      expect(removed).toContain(crashed.namespace.name);
      expect(removed).not.toContain(parallel.namespace.name);
      expect(removed).not.toContain(redis.namespace.name);
    } finally {
      expect(await crashed.close()).toBe(0);
      await parallel.close();
    }
  });
});
