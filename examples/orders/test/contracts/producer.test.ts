import { fileURLToPath } from 'node:url';
import { captureProduced, formatViolation, loadContracts } from '@eventspec/contracts';
import { InMemoryTopicBroker } from '@eventspec/core';
import { expect, test } from 'vitest';
import { publishOrderPlaced, publishOrderPlacedEvent } from '../../src/contracts/publish-order-placed.js';
import { type OrderCommand, type OrderEvent, order } from '../../src/index.js';
import { withId } from '../with-id.js';

const contractsFolder = fileURLToPath(new URL('../../contracts', import.meta.url));

// #region validate
test('an OrderPlaced message satisfies its contract; a wrong one names each path', async () => {
  const registry = await loadContracts(contractsFolder);
  const message = {
    key: 'order-1',
    headers: { 'content-type': 'application/json' },
    envelope: { messageId: 'm-1' },
    data: {
      orderId: 'order-1',
      customerId: 'c-1',
      lines: [{ sku: 'book', quantity: 1, unitPrice: 1250 }],
      total: 1250,
      placedAt: '2026-11-28T10:00:00.000Z',
    },
  };
  registry.assertValid(message, 'OrderPlaced@2');

  const wrong = { ...message, data: { ...message.data, total: '12.50', currency: 'CHF' } };
  expect(registry.validate(wrong, 'OrderPlaced@2').violations.map(formatViolation)).toEqual([
    'data.total: expected an integer, got "12.50"',
    'data.currency: expected one of "EUR", "USD", "GBP", got "CHF"',
  ]);
});
// #endregion validate

// #region producer-test
test('what the orders service publishes satisfies OrderPlaced@2', async () => {
  const registry = await loadContracts(contractsFolder);
  await using broker = new InMemoryTopicBroker();
  const capture = captureProduced(broker);

  await publishOrderPlaced(
    capture.broker,
    {
      orderId: 'order-42',
      customerId: 'c-7',
      lines: [{ sku: 'pen', quantity: 2, unitPrice: 150 }],
      total: 300,
      placedAt: new Date('2026-11-28T10:00:00Z'),
      currency: 'EUR',
    },
    'checkout-9',
  );

  capture.assertSatisfied(registry);
});
// #endregion producer-test

test('the OrderPlaced the order decider makes, published, satisfies OrderPlaced@2 and keeps its trace in headers', async () => {
  const registry = await loadContracts(contractsFolder);
  await using broker = new InMemoryTopicBroker();
  const capture = captureProduced(broker);
  const placeOrder: OrderCommand = withId(
    'cmd-7',
    {
      type: 'PlaceOrder',
      orderId: 'order-42',
      customerId: 'c-7',
      lines: [{ sku: 'pen', quantity: 2, unitPrice: 150 }],
    },
    'checkout-9',
  );
  const decided = order.decide(
    placeOrder,
    { status: 'none', total: 0, lines: [] },
    {
      now: () => new Date('2026-11-28T10:00:00Z'),
    },
  );
  const placed = decided as Extract<OrderEvent, { type: 'OrderPlaced' }>;

  await publishOrderPlacedEvent(capture.broker, placed);

  capture.assertSatisfied(registry);
  expect(capture.sent.map(({ message }) => [message.id, message.headers])).toEqual([
    [
      'cmd-7/1',
      {
        'content-type': 'application/json',
        'correlation-id': 'checkout-9',
        'causation-id': 'cmd-7',
        contract: 'OrderPlaced@2',
      },
    ],
  ]);
  expect([{ trigger: placeOrder, outputs: capture.sent.map(({ message }) => message) }]).toKeepCausality();
});

test('a producer bug is reported message by message, path by path', async () => {
  const registry = await loadContracts(contractsFolder);
  await using broker = new InMemoryTopicBroker();
  const capture = captureProduced(broker);
  await publishOrderPlaced(
    capture.broker,
    { orderId: '42', customerId: '', lines: [], total: -1, placedAt: new Date('2026-11-28T10:00:00Z') },
    'checkout-9',
  );
  expect(() => capture.assertSatisfied(registry)).toThrowErrorMatchingInlineSnapshot(`
    [EventspecError: 1 of 1 produced messages do not satisfy their contracts:
      message 1 of 1 (OrderPlaced order-placed-42 → orders) breaks OrderPlaced@2:
        - data.orderId: expected a string matching /^order-/, got "42"
        - data.customerId: expected a string of at least 1 characters, got ""
        - data.lines: expected an array of at least 1 items, got []
        - data.total: expected a number >= 0, got -1
        - key: expected a string matching /^order-/, got "42"
    Change the producer to send what the contracts describe, or publish new contract versions.]
  `);
});
