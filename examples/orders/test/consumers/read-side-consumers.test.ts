import { checkDelivery, type DeliveryCheckError } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { type CheckoutMessage, CheckoutStore, runCheckoutStep } from '../../src/consumers/checkout-step.js';
import {
  type OrderEventMessage,
  projectOrderEvent,
  ReadModelStore,
} from '../../src/consumers/customer-orders-consumer.js';

const at = new Date('2024-05-01T10:00:00Z');
const orderEvents: OrderEventMessage[] = [
  {
    id: 'e1',
    type: 'OrderPlaced',
    key: 'order-1',
    data: { orderId: 'order-1', customerId: 'ada', lines: [], total: 2500, placedAt: at },
  },
  {
    id: 'e2',
    type: 'OrderPlaced',
    key: 'order-2',
    data: { orderId: 'order-2', customerId: 'ada', lines: [], total: 1200, placedAt: at },
  },
  {
    id: 'e3',
    type: 'OrderShipped',
    key: 'order-1',
    data: { orderId: 'order-1', trackingNumber: 'T1', shippedAt: at },
  },
  {
    id: 'e4',
    type: 'OrderCancelled',
    key: 'order-2',
    data: { orderId: 'order-2', reason: 'changed mind', refundDue: false, cancelledAt: at },
  },
];

describe('the "my orders" projection consumer', () => {
  test('survives duplicates, reordering across orders, crashes and concurrency', async () => {
    // #region projection-check
    await checkDelivery({
      messages: orderEvents,
      setup: () => ({ store: new ReadModelStore() }),
      handle: ({ store }, message) => projectOrderEvent(store, message),
      observe: ({ store }) => store.view(),
      crashPoints: ({ store }) => ({ store }),
    });
    // #endregion projection-check
  });
});

const checkoutEvents: CheckoutMessage[] = [
  {
    id: 'c1',
    type: 'OrderPlaced',
    key: 'order-1',
    data: { orderId: 'order-1', customerId: 'ada', lines: [], total: 2500, placedAt: at },
  },
  {
    id: 'c2',
    type: 'PaymentCaptured',
    key: 'order-1',
    data: { paymentId: 'pay-order-1', orderId: 'order-1', amount: 2500 },
  },
  {
    id: 'c3',
    type: 'OrderPlaced',
    key: 'order-2',
    data: { orderId: 'order-2', customerId: 'bob', lines: [], total: 900, placedAt: at },
  },
];

describe('the checkout process-manager step', () => {
  test('survives every fault that keeps per-order order (Kafka partitions by order id)', async () => {
    // #region process-manager-check
    await checkDelivery({
      messages: checkoutEvents,
      setup: () => ({ store: new CheckoutStore() }),
      handle: ({ store }, message, delivery) => runCheckoutStep(store, message, delivery),
      observe: ({ store }) => store.snapshot(),
      crashPoints: ({ store }) => ({ store }),
    });
    // #endregion process-manager-check
  });

  test("what it sends keeps each event's trace: the correlation id, and the event as its cause", async () => {
    await checkDelivery({
      messages: checkoutEvents,
      setup: () => ({ store: new CheckoutStore() }),
      handle: ({ store }, message, delivery) => runCheckoutStep(store, message, delivery),
      observe: ({ store }) => store.snapshot(),
      crashPoints: ({ store }) => ({ store }),
      causality: ({ store }) => store.relayed(),
      seed: 1,
    });
    const store = new CheckoutStore();
    const delivery = { attempt: 1, redelivered: false, deliveredAt: at };
    for (const message of checkoutEvents) await runCheckoutStep(store, message, delivery);
    expect(store.relayed().map(({ id, type, headers }) => [id, type, headers])).toEqual([
      ['c1/1', 'RequestPayment', { 'correlation-id': 'c1', 'causation-id': 'c1' }],
      ['c1/2', 'PaymentTimedOut', { 'correlation-id': 'c1', 'causation-id': 'c1' }],
      ['c2/1', 'ConfirmPayment', { 'correlation-id': 'c2', 'causation-id': 'c2' }],
      ['c3/1', 'RequestPayment', { 'correlation-id': 'c3', 'causation-id': 'c3' }],
      ['c3/2', 'PaymentTimedOut', { 'correlation-id': 'c3', 'causation-id': 'c3' }],
    ]);
  });

  test('depends on per-order order: any reordering (RabbitMQ with requeues) changes what it sends', async () => {
    const error = await checkDelivery({
      messages: checkoutEvents,
      setup: () => ({ store: new CheckoutStore() }),
      handle: ({ store }, message, delivery) => runCheckoutStep(store, message, delivery),
      observe: ({ store }) => store.snapshot(),
      faults: { reorder: 'any', duplicate: false, concurrency: 1 },
      seed: 1,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error.verdict, error.plan.delays]).toEqual(['order-dependent', [{ message: 0, by: 1 }]]);
  });
});
