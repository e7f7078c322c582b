import { type Broker, InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { type ContractRegistry, captureProduced, loadContracts } from '../../src/index.js';

let registry: ContractRegistry;
const brokers: Broker[] = [];
beforeAll(async () => {
  registry = await loadContracts(new URL('../fixtures/contracts/valid', import.meta.url).pathname);
});
afterEach(async () => {
  for (const broker of brokers.splice(0)) await broker.close();
});

/** Producer code as an application writes it: it only knows the Broker interface. */
async function placeOrder(broker: Broker, order: { id: string; total: unknown }): Promise<void> {
  await broker.publish('orders', [
    {
      id: `m-${order.id}`,
      type: 'OrderPlaced',
      key: order.id,
      headers: { 'content-type': 'application/json', 'correlation-id': 'c-1' },
      data: {
        orderId: order.id,
        customerId: '123e4567-e89b-12d3-a456-426614174000',
        placedAt: '2026-11-28T10:00:00Z',
        total: order.total,
        lines: [{ sku: 'book', quantity: 1 }],
      },
    },
  ]);
}

test('captures what the producer publishes and checks it against the newest contract of its type', async () => {
  const capture = captureProduced(new InMemoryTopicBroker());
  brokers.push(capture.broker);
  await placeOrder(capture.broker, { id: 'o-1', total: { amount: 10, currency: 'EUR' } });
  expect(capture.sent.map((s) => `${s.destination} ${s.message.type}`)).toEqual(['orders OrderPlaced']);
  capture.assertSatisfied(registry);
  expect(capture.check(registry)[0]?.result.contract).toBe('OrderPlaced@2');
});

test('a producer that breaks the contract fails with every violation of every message', async () => {
  const capture = captureProduced(new InMemoryTopicBroker());
  brokers.push(capture.broker);
  await placeOrder(capture.broker, { id: 'o-1', total: { amount: 10, currency: 'EUR' } });
  await placeOrder(capture.broker, { id: 'order-2', total: { amount: '10.00', currency: 'EUR' } });
  expect(() => capture.assertSatisfied(registry)).toThrowErrorMatchingInlineSnapshot(`
    [EventspecError: 1 of 2 produced messages do not satisfy their contracts:
      message 2 of 2 (OrderPlaced m-order-2 → orders) breaks OrderPlaced@2:
        - data.total.amount: expected a number, got "10.00"
        - key: expected a string matching /^o-/, got "order-2"
    Change the producer to send what the contracts describe, or publish new contract versions.]
  `);
});

test('the contract header and the contractOf option choose the version', async () => {
  const capture = captureProduced(new InMemoryTopicBroker());
  brokers.push(capture.broker);
  await capture.broker.publish('orders', [
    {
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      headers: { contract: 'OrderPlaced@1' },
      data: { orderId: 'o-1', total: { amount: 1, currency: 'USD' } },
    },
  ]);
  capture.assertSatisfied(registry);
  expect(() => capture.assertSatisfied(registry, { contractOf: () => 'OrderPlaced@2' })).toThrow(
    /breaks OrderPlaced@2/,
  );
});

test('on a queue broker the exchange and routing key are checked against the channel', async () => {
  const capture = captureProduced(new InMemoryQueueBroker());
  brokers.push(capture.broker);
  await capture.broker.declareExchange('payments', 'topic');
  const cloudEvent = {
    ce_specversion: '1.0',
    ce_id: 'e-1',
    ce_source: '/payments',
    ce_type: 'PaymentCaptured',
  };
  await capture.broker.publish('payments', [
    {
      id: 'e-1',
      type: 'PaymentCaptured',
      key: 'payment.captured',
      headers: cloudEvent,
      data: { paymentId: 'p-1', orderId: 'o-1' },
    },
  ]);
  capture.assertSatisfied(registry);
  await capture.broker.publish('payments', [
    {
      id: 'e-2',
      type: 'PaymentCaptured',
      key: 'payment.failed',
      headers: { ce_id: 'e-2' },
      data: { paymentId: 'p-1', orderId: 'o-1' },
    },
  ]);
  expect(capture.check(registry)[1]?.result.violations.map((v) => v.path)).toEqual([
    'envelope.specversion',
    'envelope.source',
    'envelope.type',
    'routingKey',
  ]);
});

test('capturing nothing is a usage error, not a pass', () => {
  const capture = captureProduced(new InMemoryTopicBroker());
  brokers.push(capture.broker);
  expect(() => capture.assertSatisfied(registry)).toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: The producer published nothing through capture.broker. Hand capture.broker (not the original broker) to the producer code, and await it before checking.]`,
  );
});
