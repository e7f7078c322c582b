import { causedBy, scenario } from '@eventspec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type PaymentCommand, type PaymentEvent, PaymentRejected, payment } from '../../src/index.js';
import { withId } from '../with-id.js';

const requested: PaymentEvent = {
  type: 'PaymentRequested',
  data: { paymentId: 'pay-1', orderId: 'o-1', amount: 2100 },
};
const captured: PaymentEvent = {
  type: 'PaymentCaptured',
  data: { paymentId: 'pay-1', orderId: 'o-1', amount: 2100 },
};

describe('payment', () => {
  test('a requested payment is captured for its full amount', () => {
    const capture: PaymentCommand = withId(
      'cmd-1',
      { type: 'CapturePayment', paymentId: 'pay-1' },
      'checkout-o-1',
    );
    scenario(payment)
      .given([requested])
      .when(capture)
      .then([causedBy(capture, captured, { id: 'cmd-1/1' })]);
  });

  test('capturing twice is harmless', () => {
    scenario(payment)
      .given([requested, captured])
      .when(withId('cmd-2', { type: 'CapturePayment', paymentId: 'pay-1' }))
      .thenNothing();
  });

  test('a failed payment cannot be captured', () => {
    scenario(payment)
      .given([
        requested,
        { type: 'PaymentFailed', data: { paymentId: 'pay-1', orderId: 'o-1', reason: 'card declined' } },
      ])
      .when(withId('cmd-2', { type: 'CapturePayment', paymentId: 'pay-1' }))
      .thenError(PaymentRejected, 'cannot capture a payment that is failed');
  });

  test('refunds never exceed what was captured', () => {
    scenario(payment)
      .given([
        requested,
        captured,
        { type: 'PaymentRefunded', data: { paymentId: 'pay-1', orderId: 'o-1', amount: 2000 } },
      ])
      .when(withId('cmd-3', { type: 'RefundPayment', paymentId: 'pay-1', amount: 200 }))
      .thenError(PaymentRejected, '100 cents are refundable');
  });

  test('the refunded total stays within the captured amount, over random histories', () => {
    const commands: fc.Arbitrary<PaymentCommand> = fc.oneof(
      fc.record({
        type: fc.constant('RequestPayment' as const),
        paymentId: fc.constant('pay-1'),
        orderId: fc.constant('o-1'),
        amount: fc.integer({ min: -5, max: 5000 }),
      }),
      fc.constant({ type: 'CapturePayment' as const, paymentId: 'pay-1' }),
      fc.record({
        type: fc.constant('FailPayment' as const),
        paymentId: fc.constant('pay-1'),
        reason: fc.constantFrom('declined', 'expired'),
      }),
      fc.record({
        type: fc.constant('RefundPayment' as const),
        paymentId: fc.constant('pay-1'),
        amount: fc.integer({ min: -5, max: 5000 }),
      }),
    );
    const report = scenario(payment).invariant(
      '0 ≤ refunded ≤ amount',
      (state) => state.refunded >= 0 && state.refunded <= state.amount,
      {
        commands,
        runs: 300,
        seed: 1,
      },
    );
    expect(report.rejected).toBeGreaterThan(0);
  });
});
