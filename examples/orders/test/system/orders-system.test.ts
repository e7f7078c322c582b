import { system } from '@eventspec/core';
import { describe, test } from 'vitest';
import { type OrderCommand, ordersSystem } from '../../src/index.js';

const start = '2024-05-01T09:00:00.000Z';
const placeOrder = (orderId: string, unitPrice: number): OrderCommand => ({
  type: 'PlaceOrder',
  orderId,
  customerId: 'c-7',
  lines: [{ sku: 'espresso-machine', quantity: 1, unitPrice }],
});

describe('the orders system', () => {
  // #region system-happy-path
  test('an order is paid, shipped and shows up as completed — also under duplicates, crashes and reordering', async () => {
    await system(ordersSystem, { start })
      .when(placeOrder('o-1', 32_000))
      .eventually(
        {
          sent: [
            { type: 'RequestPayment', amount: 32_000 },
            { type: 'CapturePayment' },
            { type: 'ConfirmPayment' },
            { type: 'ShipOrder', trackingNumber: 'TRK-o-1' },
          ],
          state: {
            orders: new Map([['o-1', { status: 'shipped' }]]),
            customers: { customers: new Map([['c-7', { completed: new Set(['o-1']), spent: 32_000 }]]) },
          },
        },
        { within: '1h', faults: { runs: 50 }, replay: true },
      );
  });
  // #endregion system-happy-path

  // #region system-compensation
  test('compensation: a declined card cancels the order; nothing is shipped', async () => {
    await system(ordersSystem, { start })
      .when(placeOrder('o-2', 90_000))
      .eventually(
        {
          sent: [
            { type: 'RequestPayment' },
            { type: 'FailPayment', reason: 'card limit exceeded' },
            { type: 'CancelOrder', reason: 'payment failed: card limit exceeded' },
          ],
          published: [
            { type: 'OrderPlaced' },
            { type: 'PaymentRequested' },
            { type: 'PaymentFailed' },
            { type: 'OrderCancelled' },
          ],
          state: {
            orders: new Map([['o-2', { status: 'cancelled' }]]),
            payments: new Map([['pay-o-2', { status: 'failed' }]]),
            customers: { customers: new Map([['c-7', { cancelled: new Set(['o-2']), open: new Set() }]]) },
          },
        },
        { within: '1h', faults: { runs: 50 } },
      );
  });
  // #endregion system-compensation

  test('a payment provider that never answers: the checkout cancels after 15 minutes, also under faults', async () => {
    const silentProvider = { ...ordersSystem, provider: { ...ordersSystem.provider, handle: () => [] } };
    await system(silentProvider, { start })
      .when(placeOrder('o-3', 1_000))
      .eventually(
        {
          sent: [{ type: 'RequestPayment' }, { type: 'CancelOrder', reason: 'payment timed out' }],
          state: {
            orders: new Map([['o-3', { status: 'cancelled' }]]),
            payments: new Map([['pay-o-3', { status: 'requested' }]]),
          },
        },
        { within: '20m', faults: { runs: 50 } },
      );
  });
});
