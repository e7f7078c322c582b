import { describe, expect } from 'vitest';
import { BrokerError } from '../../src/index.js';
import { brokerTest as test } from '../../src/vitest.js';

describe('RabbitMQ helpers, each test in its own vhost', () => {
  test('publish, then waitFor returns the matching message', async ({ rabbitmq }) => {
    await rabbitmq.publish('orders', [
      { key: 'o-1', data: { type: 'OrderPlaced', id: 'o-1' } },
      { key: 'o-2', data: { type: 'OrderPlaced', id: 'o-2' } },
    ]);
    const [second] = await rabbitmq.waitFor('orders', (m) => m.key === 'o-2');
    expect(second).toMatchObject({
      destination: 'orders',
      key: 'o-2',
      data: { type: 'OrderPlaced', id: 'o-2' },
    });
    await expect(rabbitmq.waitFor('orders')).resolves.toMatchObject([{ key: 'o-1' }]);
  });

  test('waitFor fails after its timeout, listing what did arrive', async ({ rabbitmq }) => {
    await rabbitmq.publish('orders', { key: 'o-1', data: { type: 'OrderPlaced' } });
    const error = await rabbitmq
      .waitFor('orders', (m) => (m.data as { type: string }).type === 'OrderShipped', { timeout: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).message).toMatchInlineSnapshot(`
      "waitFor('orders') timed out after 300 ms: 0 of 1 matching message arrived.
      Arrived on 'orders' (1):
        1. key=o-1 {"type":"OrderPlaced"}"
    `);
  });

  test('expectNoMessage fails on a message nobody waited for', async ({ rabbitmq }) => {
    await rabbitmq.observe('orders');
    await rabbitmq.expectNoMessage('orders', 100);
    await rabbitmq.publish('orders', { data: 'stray' });
    await expect(rabbitmq.expectNoMessage('orders', 2000)).rejects.toMatchObject({
      code: 'EVENTSPEC_BROKER_UNEXPECTED_MESSAGE',
    });
  });

  test('collect returns a queue once it went idle; purge empties it', async ({ rabbitmq }) => {
    await rabbitmq.publish(
      'audit',
      [1, 2, 3].map((n) => ({ data: { n } })),
    );
    expect((await rabbitmq.collect('audit', { idleMs: 200 })).map((m) => m.data)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
    await rabbitmq.publish('backlog', [{ data: 'a' }, { data: 'b' }]);
    expect(await rabbitmq.purge('backlog')).toBe(2);
    expect(await rabbitmq.collect('backlog', { idleMs: 200 })).toEqual([]);
  });

  // #region rabbitmq-redelivery
  test('a handler that throws gets the message again (nack + requeue), marked redelivered', async ({
    rabbitmq,
  }) => {
    const seen: Array<boolean | undefined> = [];
    await rabbitmq.consume('payments', (message) => {
      seen.push(message.redelivered);
      if (seen.length === 1) throw new Error('transient failure');
    });
    await rabbitmq.publish('payments', { data: { amount: 10 } });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([false, true]);
  });
  // #endregion rabbitmq-redelivery

  test('tests never see each other’s messages: same queue name, different vhosts', async ({ rabbitmq }) => {
    const { RabbitMqTestBroker } = await import('../../src/rabbitmq.js');
    const endpoint = (await import('../../src/vitest.js')).endpointOf('rabbitmq', () => {
      throw new Error('unreachable');
    });
    await using other = await RabbitMqTestBroker.open(endpoint as never, {
      namespace: `${rabbitmq.namespace.name}-other`,
    });
    await other.publish('orders', { data: 'for the other test' });
    await rabbitmq.publish('orders', { data: 'mine' });
    expect((await rabbitmq.collect('orders', { idleMs: 300 })).map((m) => m.data)).toEqual(['mine']);
    expect((await other.collect('orders', { idleMs: 300 })).map((m) => m.data)).toEqual([
      'for the other test',
    ]);
  });

  test('killConnections closes the code under test’s connection from the broker side', async ({
    rabbitmq,
  }) => {
    const connection = await rabbitmq.connect('orders service');
    const closed = new Promise((resolve) => connection.once('close', resolve));
    connection.on('error', () => undefined);
    expect(await rabbitmq.killConnections('fault injection')).toBe(1);
    await closed;
    await rabbitmq.publish('orders', { data: 'helpers still work' });
    await expect(rabbitmq.waitFor('orders')).resolves.toHaveLength(1);
  });

  test('a connection left open fails the test with a clear error, after being closed', async ({
    rabbitmq,
  }) => {
    const { RabbitMqTestBroker } = await import('../../src/rabbitmq.js');
    const endpoint = (await import('../../src/vitest.js')).endpointOf('rabbitmq', () => {
      throw new Error('unreachable');
    });
    const leaky = await RabbitMqTestBroker.open(endpoint as never, {
      namespace: `${rabbitmq.namespace.name}-leaky`,
    });
    const connection = await leaky.connect('orders service');
    const error = await leaky.close().catch((caught: unknown) => caught);
    expect((error as BrokerError).code).toBe('EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING');
    expect((error as BrokerError).message.replace(leaky.namespace.name, '<vhost>')).toMatchInlineSnapshot(
      `"The test ended with 1 RabbitMQ connection(s) still open: orders service (vhost <vhost>). eventspec closed them; close them in the test (or stop the code under test) so its consumers do not run after the test is over."`,
    );
    expect(await connection.close().catch((caught: Error) => caught.message)).toMatch(/closed/i);
    const vhosts = await rabbitmq.namespace.management.listVhosts();
    expect(vhosts.map((vhost) => vhost.name)).not.toContain(leaky.namespace.name);
  });
});

describe('RabbitMQ helpers: observing an exchange', () => {
  test('records copies of what the exchange routes, leaving the code under test’s queue alone', async ({
    rabbitmq,
  }) => {
    const app = await rabbitmq.connect('orders service');
    const channel = await app.createConfirmChannel();
    await channel.assertExchange('orders', 'topic', { durable: true });
    await channel.assertQueue('billing', { durable: true });
    await channel.bindQueue('billing', 'orders', 'order.placed');
    await rabbitmq.observe({ exchange: 'orders', pattern: 'order.*' });
    channel.publish('orders', 'order.placed', Buffer.from(JSON.stringify({ orderId: 'o-1' })));
    channel.publish('orders', 'order.shipped', Buffer.from(JSON.stringify({ orderId: 'o-1' })));
    await channel.waitForConfirms();
    const seen = await rabbitmq.waitFor({ exchange: 'orders', pattern: 'order.*' }, undefined, { count: 2 });
    expect(seen.map((m) => [m.destination, m.data])).toEqual([
      ['exchange orders (order.*)', { orderId: 'o-1' }],
      ['exchange orders (order.*)', { orderId: 'o-1' }],
    ]);
    expect((await channel.checkQueue('billing')).messageCount).toBe(1);
    await app.close();
  });

  test('an exchange that does not exist is named in the error', async ({ rabbitmq }) => {
    const error = await rabbitmq.observe({ exchange: 'nowhere' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENTSPEC_BROKER_INVALID_OPTIONS' });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Cannot observe exchange 'nowhere': it does not exist in this test's vhost. Declare it first (or let the code under test declare it) before waiting for what it routes."`,
    );
  });
});
