import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  EventspecLabel,
  RabbitMqContainer,
  RabbitMqManagement,
  type StartedRabbitMqContainer,
  type StartProgress,
} from '../../src/index.js';
import { connectAmqp, RabbitMqTestBroker } from '../../src/rabbitmq.js';
import { describeWithImages } from '../support/docker-describe.js';

// The Testcontainers path, on the image of EVENTSPEC_RABBITMQ_IMAGE (the official one where it can be pulled).
describeWithImages(['rabbitmq'], 'RabbitMqContainer', () => {
  let rabbit: StartedRabbitMqContainer;
  const progress: StartProgress[] = [];

  beforeAll(async () => {
    // #region rabbitmq-container
    rabbit = await new RabbitMqContainer()
      .withCredentials('billing', 's3cret')
      .withPullPolicy('never')
      .withProgress((event) => progress.push(event))
      .start();
    // #endregion rabbitmq-container
  }, 90_000);

  afterAll(async () => {
    await rabbit?.stop();
  });

  test('starts with AMQP and the management API on the host, labelled with its owner', async () => {
    // The host is wherever Testcontainers reaches the Docker daemon: localhost here, the bridge gateway in CI.
    const host = rabbit.getHost();
    expect(rabbit.getAmqpUrl()).toBe(`amqp://billing:s3cret@${host}:${rabbit.getMappedPort(5672)}`);
    expect(rabbit.getManagementUrl()).toBe(`http://${host}:${rabbit.getMappedPort(15672)}`);
    expect((await rabbit.management.overview()).rabbitmq_version).toMatch(/^\d+\.\d+/);
    expect(rabbit.getLabels()).toMatchObject({ [EventspecLabel.broker]: 'rabbitmq' });
    expect(rabbit.getLabels()[EventspecLabel.owner]).toMatch(new RegExp(`:${process.pid}$`));
    expect(progress.map((event) => event.phase)).toEqual(
      expect.arrayContaining(['image', 'starting', 'ready']),
    );
    expect(progress.at(-1)).toMatchObject({ phase: 'ready', strategy: 'log line /Server startup complete/' });
  });

  test('the credentials asked for are the only ones that work', async () => {
    const guest = new RabbitMqManagement(rabbit.getManagementUrl(), 'guest', 'guest');
    await expect(guest.overview()).rejects.toMatchObject({ code: 'EVENTSPEC_BROKER_AUTH_FAILED' });
    await expect(connectAmqp(rabbit.getAmqpUrl().replace('s3cret', 'wrong'))).rejects.toMatchObject({
      code: 'EVENTSPEC_BROKER_AUTH_FAILED',
    });
  });

  test('a test vhost is created through the management API and deleted with the namespace', async () => {
    const broker = await RabbitMqTestBroker.open(rabbit.getEndpoint(), { namespace: 'es_container_test' });
    await broker.publish('orders', { data: 'hello' });
    await expect(broker.waitFor('orders')).resolves.toMatchObject([{ data: 'hello' }]);
    expect((await rabbit.management.listVhosts()).map((vhost) => vhost.name)).toContain('es_container_test');
    await broker.close();
    expect((await rabbit.management.listVhosts()).map((vhost) => vhost.name)).not.toContain(
      'es_container_test',
    );
  });

  test('pause freezes the broker without closing connections; unpause resumes it', async () => {
    await using broker = await RabbitMqTestBroker.open(rabbit.getEndpoint(), {
      namespace: 'es_container_pause',
    });
    // #region container-pause
    await rabbit.faults.pause();
    let published = false;
    const publishing = broker.publish('orders', { data: 'during pause' }).then(() => {
      published = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published).toBe(false);
    await rabbit.faults.unpause();
    // #endregion container-pause
    await publishing;
    await expect(broker.waitFor('orders')).resolves.toMatchObject([{ data: 'during pause' }]);
  });

  test('restart keeps durable data and the host ports', async () => {
    const url = rabbit.getAmqpUrl();
    await using before = await RabbitMqTestBroker.open(rabbit.getEndpoint(), {
      namespace: 'es_container_restart',
    });
    await before.publish('orders', { key: 'o-1', data: 'persisted' });
    await rabbit.faults.restart();
    expect(rabbit.getAmqpUrl()).toBe(url);
    const connection = await connectAmqp(rabbit.getAmqpUrl('es_container_restart'));
    const channel = await connection.createChannel();
    const message = await channel.get('orders', { noAck: true });
    expect(message ? message.content.toString() : message).toBe('persisted');
    await connection.close();
  }, 60_000);

  test('stop removes the container: nothing of ours is left running', async () => {
    const client = await getContainerRuntimeClient();
    const id = rabbit.getId();
    await rabbit.stop();
    const left = await client.container.dockerode.listContainers({ all: true, filters: { id: [id] } });
    expect(left).toEqual([]);
    rabbit = undefined as never;
  });
});
