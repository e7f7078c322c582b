import { checkCausalityOfLog, metadataOf, system } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { type OrderCommand, ordersSystem } from '../../src/index.js';
import { withId } from '../with-id.js';

const start = '2024-05-01T09:00:00.000Z';
const placeOrder = (orderId: string, unitPrice: number): OrderCommand =>
  withId(`cmd-${orderId}`, {
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

  test('every message of the choreography carries its envelope: one conversation, each caused by its trigger', async () => {
    const report = await system(ordersSystem, { start })
      .when(placeOrder('o-4', 32_000))
      .eventually({ state: { orders: new Map([['o-4', { status: 'shipped' }]]) } }, { within: '1h' });
    const messages = report.flow.map((entry) => entry.message);
    expect(messages).toHaveLength(report.log.length);
    expect(
      new Set(messages.map((message) => metadataOf(message).correlationId ?? metadataOf(message).id)),
    ).toEqual(new Set(['cmd-o-4']));
    // The payloads' own envelopes (what a store keeps), not only the broker's headers, form one causal tree.
    checkCausalityOfLog(messages, { name: 'order o-4', svgDir: false });
    checkCausalityOfLog(report.log, { name: 'order o-4 on the broker', svgDir: false });
  });

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
        { within: '20m', faults: { runs: 50, seed: 1 } },
      );
  });
});
