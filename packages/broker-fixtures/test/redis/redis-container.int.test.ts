import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  EventspecLabel,
  RedisContainer,
  type StartedRedisContainer,
  TcpFaultProxy,
} from '../../src/index.js';
import { RedisTestBroker } from '../../src/redis.js';
import { describeWithImages } from '../support/docker-describe.js';

// The Testcontainers path, on the image of EVENTSPEC_REDIS_IMAGE (the official one where it can be pulled).
describeWithImages(['redis'], 'RedisContainer', () => {
  let redis: StartedRedisContainer;

  beforeAll(async () => {
    // #region redis-container
    redis = await new RedisContainer().withPullPolicy('never').start();
    // #endregion redis-container
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
  });

  test('starts on a host port, labelled with its owner; a test namespace works and is removed', async () => {
    expect(redis.getUrl()).toBe(`redis://${redis.getHost()}:${redis.getMappedPort(6379)}`);
    expect(redis.getLabels()).toMatchObject({ [EventspecLabel.broker]: 'redis' });
    const broker = await RedisTestBroker.open(redis.getEndpoint(), { namespace: 'es_container_test' });
    await broker.publish('orders', { data: 'hello' });
    await expect(broker.waitFor('orders')).resolves.toMatchObject([{ data: 'hello' }]);
    expect(await broker.close()).toBe(1);
  });

  test('pause freezes the server; publishing resumes on unpause', async () => {
    await using broker = await RedisTestBroker.open(redis.getEndpoint(), { namespace: 'es_container_pause' });
    await redis.faults.pause();
    let published = false;
    const publishing = broker.publish('orders', { data: 'during pause' }).then(() => {
      published = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published).toBe(false);
    await redis.faults.unpause();
    await publishing;
    await expect(broker.waitFor('orders')).resolves.toMatchObject([{ data: 'during pause' }]);
  });

  test('restart keeps the host port; clients reconnect', async () => {
    const url = redis.getUrl();
    await using broker = await RedisTestBroker.open(redis.getEndpoint(), {
      namespace: 'es_container_restart',
    });
    await redis.faults.restart();
    expect(redis.getUrl()).toBe(url);
    await broker.publish('orders', { data: 'after the restart' });
    await expect(broker.waitFor('orders', undefined, { timeout: 15_000 })).resolves.toHaveLength(1);
  }, 60_000);

  test('a cut through the TCP fault proxy stalls publishing; healing lets it through', async () => {
    await using proxy = await TcpFaultProxy.start({
      upstream: { host: redis.getHost(), port: redis.getMappedPort(6379) },
    });
    await using broker = await RedisTestBroker.open(
      { url: `redis://${proxy.address}` },
      { namespace: 'es_container_cut' },
    );
    await broker.publish('orders', { data: 'before the cut' });
    proxy.cut();
    let sent = false;
    const sending = broker.publish('orders', { data: 'during the cut' }).then(() => {
      sent = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent).toBe(false);
    proxy.heal();
    await sending;
    await expect(broker.collect('orders', { idleMs: 300 })).resolves.toHaveLength(2);
  });

  test('stop removes the container: nothing of ours is left running', async () => {
    const client = await getContainerRuntimeClient();
    const id = redis.getId();
    await redis.stop();
    expect(await client.container.dockerode.listContainers({ all: true, filters: { id: [id] } })).toEqual([]);
    redis = undefined as never;
  });
});
