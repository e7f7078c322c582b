import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, expect } from 'vitest';
import type { BrokerError } from '../../src/index.js';
import { NatsTestBroker } from '../../src/nats.js';
import { endpointOf, brokerTest as test } from '../../src/vitest.js';

describe('NATS helpers, each test in its own stream', () => {
  // #region nats-waitfor
  test('publish, then waitFor returns the message; subjects take wildcards', async ({ nats }) => {
    await nats.publish('orders.eu', {
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      data: { total: 12 },
      headers: { 'trace-id': 't-1' },
    });
    await nats.publish('orders.us', { key: 'o-2', data: { total: 30 } });
    const [eu, us] = await nats.waitFor('orders.*', undefined, { count: 2 });
    expect(eu).toEqual({
      destination: 'orders.*',
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      data: { total: 12 },
      headers: { 'trace-id': 't-1' },
      redelivered: false,
    });
    expect(us).toMatchObject({ key: 'o-2', type: 'unknown', id: expect.stringMatching(/\/2$/) });
    expect(nats.subject('orders.eu')).toBe(`${nats.namespace.name}.orders.eu`);
  });
  // #endregion nats-waitfor

  test('waitFor fails after its timeout, listing what did arrive', async ({ nats }) => {
    await nats.publish('orders', { key: 'o-1', type: 'OrderPlaced', data: { total: 12 } });
    const error = await nats
      .waitFor('orders', (m) => m.type === 'OrderShipped', { timeout: 300 })
      .then(
        () => undefined,
        (caught: BrokerError) => caught,
      );
    expect(error?.message).toMatchInlineSnapshot(`
      "waitFor('orders') timed out after 300 ms: 0 of 1 matching message arrived.
      Arrived on 'orders' (1):
        1. key=o-1 OrderPlaced {"total":12}"
    `);
  });

  test('a handler that throws gets the message again (nak), marked redelivered', async ({ nats }) => {
    const seen: Array<boolean | undefined> = [];
    await nats.consume('payments', (message) => {
      seen.push(message.redelivered);
      if (seen.length === 1) throw new Error('transient failure');
    });
    await nats.publish('payments', { data: { amount: 10 } });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([false, true]);
  });

  test('tests never see each other’s messages: same subject, different streams', async ({ nats }) => {
    await using other = await NatsTestBroker.open(endpointOf('nats', () => never()) as never, {
      namespace: `${nats.namespace.name}_other`,
    });
    await other.publish('orders', { data: 'for the other test' });
    await nats.publish('orders', { data: 'mine' });
    expect((await nats.collect('orders', { idleMs: 300 })).map((m) => m.data)).toEqual(['mine']);
    expect((await other.collect('orders', { idleMs: 300 })).map((m) => m.data)).toEqual([
      'for the other test',
    ]);
  });

  test('killConnections resets the code under test’s connection; the client reconnects', async ({ nats }) => {
    const connection = await nats.connect('orders service');
    const statuses: string[] = [];
    void (async () => {
      for await (const status of connection.status()) statuses.push(status.type);
    })();
    expect(await nats.killConnections()).toBe(1);
    await expect
      .poll(() => statuses, { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['disconnect', 'reconnect']));
    await connection.close();
    await nats.publish('orders', { data: 'helpers still work' });
    await expect(nats.waitFor('orders')).resolves.toHaveLength(1);
  });

  test('a connection left open fails the test; the stream is deleted all the same', async ({ nats }) => {
    const leaky = await NatsTestBroker.open(endpointOf('nats', () => never()) as never, {
      namespace: `${nats.namespace.name}_leaky`,
    });
    await leaky.publish('orders', { data: 'kept until close' });
    const connection = await leaky.connect('orders service');
    const error = await leaky.close().catch((caught: BrokerError) => caught);
    expect((error as BrokerError).code).toBe('EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING');
    expect((error as BrokerError).message.replace(leaky.namespace.stream, '<stream>')).toMatchInlineSnapshot(
      `"The test ended with 1 NATS connection(s) still open: orders service (stream <stream>). eventspec closed them; close them in the test (or stop the code under test) so its consumers do not run after the test is over."`,
    );
    expect(connection.isClosed()).toBe(true);
    const probe = await connect({ servers: leaky.endpoint.url });
    const streams = await (await jetstreamManager(probe)).streams.names().next();
    await probe.close();
    expect(streams).not.toContain(leaky.namespace.stream);
  });
});

function never(): never {
  throw new Error('NATS must be provided for this test');
}
