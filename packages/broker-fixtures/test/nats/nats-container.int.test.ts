import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  EventspecLabel,
  NatsContainer,
  type StartedNatsContainer,
  type StartProgress,
  TcpFaultProxy,
} from '../../src/index.js';
import { NatsTestBroker } from '../../src/nats.js';
import { describeWithImages } from '../support/docker-describe.js';

// The Testcontainers path, on the image of EVENTSPEC_NATS_IMAGE (the official one where it can be pulled).
describeWithImages(['nats'], 'NatsContainer', () => {
  let nats: StartedNatsContainer;
  const progress: StartProgress[] = [];

  beforeAll(async () => {
    // #region nats-container
    nats = await new NatsContainer()
      .withPullPolicy('never')
      .withProgress((event) => progress.push(event))
      .start();
    // #endregion nats-container
  }, 60_000);

  afterAll(async () => {
    await nats?.stop();
  });

  test('starts with JetStream on a host port, labelled with its owner', async () => {
    expect(nats.getUrl()).toBe(`nats://${nats.getHost()}:${nats.getMappedPort(4222)}`);
    const varz = (await (await fetch(`${nats.getMonitoringUrl()}/jsz`)).json()) as { config?: unknown };
    expect(varz.config).toBeDefined();
    expect(nats.getLabels()).toMatchObject({ [EventspecLabel.broker]: 'nats' });
    expect(nats.getLabels()[EventspecLabel.owner]).toMatch(new RegExp(`:${process.pid}$`));
    expect(progress.at(-1)).toMatchObject({ phase: 'ready', strategy: 'log line /Server is ready/' });
  });

  test('pause freezes the server; publishing resumes on unpause', async () => {
    await using broker = await NatsTestBroker.open(nats.getEndpoint(), { namespace: 'es_container_pause' });
    await nats.faults.pause();
    let published = false;
    const publishing = broker.publish('orders', { data: 'during pause' }).then(() => {
      published = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published).toBe(false);
    await nats.faults.unpause();
    await publishing;
    await expect(broker.waitFor('orders')).resolves.toMatchObject([{ data: 'during pause' }]);
  });

  test('restart keeps the stream (file storage) and the host port', async () => {
    const url = nats.getUrl();
    await using before = await NatsTestBroker.open(nats.getEndpoint(), { namespace: 'es_container_restart' });
    await before.publish('orders', { key: 'o-1', data: 'persisted' });
    await nats.faults.restart();
    expect(nats.getUrl()).toBe(url);
    await using after = await NatsTestBroker.open(nats.getEndpoint(), { namespace: 'es_container_restart' });
    await expect(after.waitFor('orders', undefined, { timeout: 15_000 })).resolves.toMatchObject([
      { data: 'persisted' },
    ]);
  }, 60_000);

  test('a cut through the TCP fault proxy stalls publishing; healing lets it through', async () => {
    await using proxy = await TcpFaultProxy.start({
      upstream: { host: nats.getHost(), port: nats.getMappedPort(4222) },
    });
    await using broker = await NatsTestBroker.open(
      { url: `nats://${proxy.address}` },
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
    const id = nats.getId();
    await nats.stop();
    expect(await client.container.dockerode.listContainers({ all: true, filters: { id: [id] } })).toEqual([]);
    nats = undefined as never;
  });
});
