import { projectionScenario } from '@eventspec/core';
import { describe, test } from 'vitest';
import { customerOrders, type OrderEvent } from '../../src/index.js';

const at = new Date('2024-05-01T09:00:00.000Z');
const placed = (orderId: string, total: number): OrderEvent => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId: 'c-7',
    lines: [{ sku: 'mug-white', quantity: 1, unitPrice: total }],
    total,
    placedAt: at,
  },
});

describe('customer orders', () => {
  // #region projection
  test('open, completed and cancelled orders, and what the customer spent — also under redelivery', () => {
    projectionScenario(customerOrders, { deliverTwice: true })
      .given([
        placed('o-1', 1200),
        placed('o-2', 900),
        { type: 'OrderShipped', data: { orderId: 'o-1', trackingNumber: 'TRK-1', shippedAt: at } },
        {
          type: 'OrderCancelled',
          data: { orderId: 'o-2', reason: 'payment timed out', refundDue: false, cancelledAt: at },
        },
        placed('o-3', 300),
      ])
      .thenMatch({
        customers: new Map([
          [
            'c-7',
            { open: new Set(['o-3']), completed: new Set(['o-1']), cancelled: new Set(['o-2']), spent: 1200 },
          ],
        ]),
      });
  });
  // #endregion projection
});
