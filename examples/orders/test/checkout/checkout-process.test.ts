import { causedBy, processScenario } from '@eventspec/core';
import { describe, test } from 'vitest';
import { checkout, type OrderEvent, type PaymentEvent, type PaymentTimedOut } from '../../src/index.js';
import { withId } from '../with-id.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
// The events the checkout reacts to, each with its id, in the conversation of order o-1. What the checkout
// sends and schedules is caused by them: `<event id>/1`, `<event id>/2`, with the same correlation id.
const orderPlaced: OrderEvent = withId(
  'evt-1',
  {
    type: 'OrderPlaced',
    data: {
      orderId: 'o-1',
      customerId: 'c-7',
      lines: [{ sku: 'mug-white', quantity: 1, unitPrice: 1200 }],
      total: 1200,
      placedAt,
    },
  },
  'conv-o-1',
);
const captured: PaymentEvent = withId(
  'evt-2',
  { type: 'PaymentCaptured', data: { paymentId: 'pay-o-1', orderId: 'o-1', amount: 1200 } },
  'conv-o-1',
);
const timedOut: PaymentTimedOut = causedBy(
  orderPlaced,
  { type: 'PaymentTimedOut', data: { orderId: 'o-1' } },
  { id: 'evt-1/2' },
);

describe('checkout process', () => {
  // #region process-timeout
  test('an order not paid within 15 minutes is cancelled', () => {
    processScenario(checkout)
      .at(placedAt)
      .when(orderPlaced)
      .then({
        send: [
          causedBy(
            orderPlaced,
            { type: 'RequestPayment', paymentId: 'pay-o-1', orderId: 'o-1', amount: 1200 },
            { id: 'evt-1/1' },
          ),
        ],
        schedule: [{ message: timedOut, after: '15m', id: 'payment-timeout:o-1' }],
      })
      .advanceBy('14m')
      .thenNothing()
      .advanceBy('1m')
      .then({
        due: [timedOut],
        send: [
          causedBy(
            timedOut,
            { type: 'CancelOrder', orderId: 'o-1', reason: 'payment timed out' },
            { id: 'evt-1/2/1' },
          ),
        ],
      })
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
        send: [
          causedBy(
            captured,
            { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' },
            { id: 'evt-2/1' },
          ),
        ],
      })
      .advanceBy('1h')
      .thenNothing();
  });
  // #endregion process-reply

  test('a failed payment cancels the order at once', () => {
    processScenario(checkout)
      .given([orderPlaced])
      .when(
        withId('evt-3', {
          type: 'PaymentFailed',
          data: { paymentId: 'pay-o-1', orderId: 'o-1', reason: 'card declined' },
        }),
      )
      .thenMatch({
        send: [{ type: 'CancelOrder', reason: 'payment failed: card declined' }],
        cancel: ['payment-timeout:o-1'],
      })
      .advanceBy('20m')
      .thenNothing();
  });

  test('a payment that arrives after the timeout is refunded once the order is cancelled', () => {
    const cancelled: OrderEvent = withId(
      'evt-4',
      {
        type: 'OrderCancelled',
        data: { orderId: 'o-1', reason: 'payment timed out', refundDue: true, cancelledAt: new Date() },
      },
      'conv-o-1',
    );
    processScenario(checkout)
      .given([orderPlaced])
      .advanceBy('15m')
      .thenMatch({ send: [{ type: 'CancelOrder' }] })
      .when(captured)
      .thenNothing()
      .when(cancelled)
      .then({
        send: [
          causedBy(
            cancelled,
            { type: 'RefundPayment', paymentId: 'pay-o-1', amount: 1200 },
            { id: 'evt-4/1' },
          ),
        ],
      });
  });
});
