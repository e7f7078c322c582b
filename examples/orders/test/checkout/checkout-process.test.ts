import { processScenario } from '@eventspec/core';
import { describe, test } from 'vitest';
import { checkout, type OrderEvent, type PaymentEvent } from '../../src/index.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
const orderPlaced: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1',
    customerId: 'c-7',
    lines: [{ sku: 'mug-white', quantity: 1, unitPrice: 1200 }],
    total: 1200,
    placedAt,
  },
};
const captured: PaymentEvent = {
  type: 'PaymentCaptured',
  data: { paymentId: 'pay-o-1', orderId: 'o-1', amount: 1200 },
};
const timedOut = { type: 'PaymentTimedOut' as const, data: { orderId: 'o-1' } };

describe('checkout process', () => {
  // #region process-timeout
  test('an order not paid within 15 minutes is cancelled', () => {
    processScenario(checkout)
      .at(placedAt)
      .when(orderPlaced)
      .then({
        send: [{ type: 'RequestPayment', paymentId: 'pay-o-1', orderId: 'o-1', amount: 1200 }],
        schedule: [{ message: timedOut, after: '15m', id: 'payment-timeout:o-1' }],
      })
      .advanceBy('14m')
      .thenNothing()
      .advanceBy('1m')
      .then({ due: [timedOut], send: [{ type: 'CancelOrder', orderId: 'o-1', reason: 'payment timed out' }] })
      .thenState((state) => state.stage === 'cancelled');
  });
  // #endregion process-timeout

  // #region process-reply
  test('a payment in time confirms the order and cancels the timeout', () => {
    processScenario(checkout)
      .given([orderPlaced])
      .when(captured)
      .then({
        cancel: ['payment-timeout:o-1'],
        send: [{ type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' }],
      })
      .advanceBy('1h')
      .thenNothing();
  });
  // #endregion process-reply

  test('a failed payment cancels the order at once', () => {
    processScenario(checkout)
      .given([orderPlaced])
      .when({
        type: 'PaymentFailed',
        data: { paymentId: 'pay-o-1', orderId: 'o-1', reason: 'card declined' },
      })
      .thenMatch({
        send: [{ type: 'CancelOrder', reason: 'payment failed: card declined' }],
        cancel: ['payment-timeout:o-1'],
      })
      .advanceBy('20m')
      .thenNothing();
  });

  test('a payment that arrives after the timeout is refunded once the order is cancelled', () => {
    processScenario(checkout)
      .given([orderPlaced])
      .advanceBy('15m')
      .thenMatch({ send: [{ type: 'CancelOrder' }] })
      .when(captured)
      .thenNothing()
      .when({
        type: 'OrderCancelled',
        data: { orderId: 'o-1', reason: 'payment timed out', refundDue: true, cancelledAt: new Date() },
      })
      .then({ send: [{ type: 'RefundPayment', paymentId: 'pay-o-1', amount: 1200 }] });
  });
});
