import type { Message } from '@eventspec/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { describe, expect } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

const order = (n: number, key = `o-${n}`): Message => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key,
  data: { n },
});

describe('NatsBroker on JetStream', () => {
  test('a durable pull consumer per group: explicit acks, max_deliver past maxAttempts, ack_wait', async ({
    nats,
  }) => {
    const broker = nats.newBroker({ ackWaitMs: 1500 });
    await broker.subscribe({
      source: 'orders.*',
      group: 'billing',
      maxAttempts: 3,
      handler: () => undefined,
    });
    const connection = await connect({ servers: nats.endpoint.url });
    try {
      const info = await (await jetstreamManager(connection)).consumers.info(
        broker.namespace.stream,
        broker.namespace.durable('billing', 'orders.*'),
      );
      expect(info.config).toMatchObject({
        ack_policy: 'explicit',
        filter_subject: `${broker.namespace.name}.orders.*`,
        max_deliver: 4,
        ack_wait: 1_500_000_000,
        max_ack_pending: 1,
      });
    } finally {
      await connection.close();
      await broker.close();
    }
  });

  test('subjects with wildcards: one subscription gets every matching subject, in order', async ({
    nats,
  }) => {
    const broker = nats.broker();
    const seen: string[] = [];
    await broker.subscribe({ source: 'orders.>', handler: (message) => void seen.push(message.id) });
    await broker.publish('orders.eu', [order(1)]);
    await broker.publish('orders.us.west', [order(2)]);
    await broker.publish('payments', [order(3)]);
    await broker.settle();
    expect(seen).toEqual(['m-1', 'm-2']);
  });

  test('a failed message is nak’ed with the configured delay before it comes again', async ({ nats }) => {
    const broker = nats.newBroker({ redeliveryDelayMs: 600 });
    const times: number[] = [];
    await broker.subscribe({
      source: 'payments',
      handler: (_, delivery) => {
        times.push(Date.now());
        if (delivery.attempt === 1) throw new Error('transient failure');
      },
    });
    await broker.publish('payments', [order(1)]);
    await broker.settle({ timeout: 10_000 });
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(500);
    await broker.close();
  });
});
