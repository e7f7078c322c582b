import { type Message, MessageRejected, type QueueBroker, type TopicBroker } from '@eventspec/core';
import type { ExpectStatic } from 'vitest';

// Handler scenarios written once against core's broker interface, run on the in-memory brokers and on
// Kafka / RabbitMQ: the same assertions must hold on all of them.

const order = (n: number, key = `o-${n}`): Message => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key,
  data: { orderId: key, total: 100 * n },
  headers: { 'trace-id': `t-${n}` },
});

/** Every message reaches the handler once, per key in order, with its id, type, key, data and headers. */
export async function deliversInOrderPerKey(
  broker: TopicBroker | QueueBroker,
  expect: ExpectStatic,
  source: string,
) {
  const seen: Message[] = [];
  await broker.subscribe({ source, group: 'billing', handler: (message) => void seen.push(message) });
  await broker.publish(source, [order(1, 'a'), order(2, 'b'), order(3, 'a')]);
  await broker.settle({ timeout: 15_000 });
  expect(seen.filter((m) => m.key === 'a').map((m) => m.id)).toEqual(['m-1', 'm-3']);
  expect(seen.find((m) => m.id === 'm-2')).toEqual(order(2, 'b'));
}

// #region redelivery-scenario
/** A handler that throws gets the same message again, attempt 2, marked redelivered. */
export async function redeliversAfterAThrow(
  broker: TopicBroker | QueueBroker,
  expect: ExpectStatic,
  source: string,
) {
  const attempts: Array<[string, number, boolean]> = [];
  await broker.subscribe({
    source,
    group: 'billing',
    handler: (message, delivery) => {
      attempts.push([message.id, delivery.attempt, delivery.redelivered]);
      if (delivery.attempt === 1) throw new Error('transient failure');
    },
  });
  await broker.publish(source, [order(1)]);
  await broker.settle({ timeout: 15_000 });
  expect(attempts).toEqual([
    ['m-1', 1, false],
    ['m-1', 2, true],
  ]);
}
// #endregion redelivery-scenario

/** `MessageRejected` dead-letters at once (log model: to `<topic>.dead-letter`). */
export async function deadLettersARejectedMessage(broker: TopicBroker, expect: ExpectStatic) {
  const deadLetters: string[] = [];
  let calls = 0;
  await broker.subscribe({
    source: 'payments',
    group: 'billing',
    handler: () => {
      calls++;
      throw new MessageRejected('not a valid payment');
    },
  });
  await broker.subscribe({
    source: 'payments.dead-letter',
    group: 'ops',
    handler: (message) => void deadLetters.push(message.id),
  });
  await broker.publish('payments', [order(7)]);
  await broker.settle({ timeout: 15_000 });
  await broker.settle({ timeout: 15_000 });
  expect({ calls, deadLetters }).toEqual({ calls: 1, deadLetters: ['m-7'] });
  await expect
    .poll(async () => (await broker.committedOffsets('billing', 'payments')).reduce((a, b) => a + b, 0), {
      timeout: 10_000,
    })
    .toBe(1);
}

/** Exchanges route by key to bound queues; a rejected message goes to the queue's dead-letter exchange. */
export async function routesAndDeadLetters(broker: QueueBroker, expect: ExpectStatic) {
  await broker.declareExchange('orders', 'topic');
  await broker.declareExchange('orders.dlx', 'fanout');
  await broker.declareQueue('billing', { deadLetterExchange: 'orders.dlx' });
  await broker.declareQueue('billing.dead');
  await broker.bindQueue('billing', 'orders', 'order.placed.*');
  await broker.bindQueue('billing.dead', 'orders.dlx');
  const billed: string[] = [];
  const dead: string[] = [];
  await broker.subscribe({
    source: 'billing',
    handler: (message) => {
      if ((message.data as { total: number }).total > 500) throw new MessageRejected('over the limit');
      billed.push(message.id);
    },
  });
  await broker.subscribe({ source: 'billing.dead', handler: (message) => void dead.push(message.id) });
  await broker.publish('orders', [
    order(1, 'order.placed.eu'),
    order(9, 'order.placed.us'),
    order(3, 'order.paid.eu'),
  ]);
  await broker.settle({ timeout: 15_000 });
  await broker.settle({ timeout: 15_000 });
  expect({ billed, dead }).toEqual({ billed: ['m-1'], dead: ['m-9'] });
}
