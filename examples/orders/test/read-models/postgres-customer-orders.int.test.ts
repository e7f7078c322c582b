// The customers' read model on a real PostgreSQL (EVENTSPEC_POSTGRES_URL), checked under redelivery.
import { checkDelivery, type Message } from '@eventspec/core';
import { expect, test } from 'vitest';
import { type OrderEvent, PostgresCustomerOrders } from '../../src/index.js';
import { describeWithPostgres } from '../postgres.js';

const at = new Date('2024-05-01T09:00:00.000Z');

const events: OrderEvent[] = [
  { type: 'OrderPlaced', data: { orderId: 'o-1', customerId: 'c-7', lines: [], total: 1200, placedAt: at } },
  { type: 'OrderPlaced', data: { orderId: 'o-2', customerId: 'c-7', lines: [], total: 900, placedAt: at } },
  { type: 'OrderShipped', data: { orderId: 'o-1', trackingNumber: 'TRK-1', shippedAt: at } },
  {
    type: 'OrderCancelled',
    data: { orderId: 'o-2', reason: 'payment timed out', refundDue: false, cancelledAt: at },
  },
  { type: 'OrderPlaced', data: { orderId: 'o-3', customerId: 'c-8', lines: [], total: 300, placedAt: at } },
];
// Kafka-style: the order id is the partition key, so one order's events keep their order.
const messages: Message<OrderEvent['data'], OrderEvent['type']>[] = events.map((event, i) => ({
  id: `evt-${i + 1}`,
  type: event.type,
  key: event.data.orderId,
  data: event.data,
}));

describeWithPostgres('the customers read model on PostgreSQL', (pool, track) => {
  const fresh = async () => track(await PostgresCustomerOrders.create(pool));

  test('the read model after the history', async () => {
    const model = await fresh();
    for (const event of events) await model.project(event);
    expect(await model.summaries()).toEqual({
      'c-7': { open: [], completed: ['o-1'], cancelled: ['o-2'], spent: 1200 },
      'c-8': { open: ['o-3'], completed: [], cancelled: [], spent: 0 },
    });
  });

  // #region postgres-read-model-check
  test('the same read model under duplicates, reordering across orders and concurrent deliveries', async () => {
    await checkDelivery({
      name: 'customers read model on PostgreSQL',
      messages,
      setup: async () => ({ model: await fresh() }),
      handle: ({ model }, message) => model.project({ type: message.type, data: message.data } as OrderEvent),
      observe: ({ model }) => model.summaries(),
      runs: 25,
      timeout: 5000,
    });
  });
  // #endregion postgres-read-model-check
});
