import { any, causedBy, command, scenario } from '@eventspec/core';
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { type OrderCommand, type OrderEvent, type OrderLine, OrderRejected, order } from '../../src/index.js';
import { withId } from '../with-id.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
const lines: OrderLine[] = [
  { sku: 'tea-earl-grey', quantity: 2, unitPrice: 450 },
  { sku: 'mug-white', quantity: 1, unitPrice: 1200 },
];
const orderPlaced: OrderEvent = {
  type: 'OrderPlaced',
  data: { orderId: 'o-1', customerId: 'c-7', lines, total: 2100, placedAt },
};
const orderPaid: OrderEvent = {
  type: 'OrderPaid',
  data: { orderId: 'o-1', paymentId: 'pay-o-1', paidAt: new Date('2024-05-01T09:05:00.000Z') },
};

describe('order', () => {
  // #region place-order
  test('placing an order totals its lines', () => {
    // A command carries its id; the events it causes carry its correlation id, its id as their cause,
    // and their own id. The project checks that in every scenario (vitest.config.ts).
    const placeOrder: OrderCommand = withId('cmd-1', {
      type: 'PlaceOrder',
      orderId: 'o-1',
      customerId: 'c-7',
      lines,
    });
    scenario(order)
      .at(placedAt)
      .when(placeOrder)
      .then([causedBy(placeOrder, orderPlaced, { id: 'cmd-1/1' })]);
  });
  // #endregion place-order

  // #region then-error
  test('an order is placed once', () => {
    scenario(order)
      .given([orderPlaced])
      .when(withId('cmd-1', { type: 'PlaceOrder', orderId: 'o-1', customerId: 'c-7', lines }))
      .thenError(OrderRejected, 'already placed');
  });
  // #endregion then-error

  test('an order needs lines with positive whole quantities', () => {
    scenario(order)
      .when(withId('cmd-1', { type: 'PlaceOrder', orderId: 'o-1', customerId: 'c-7', lines: [] }))
      .thenError(OrderRejected, /at least one line/);
    scenario(order)
      .when(
        withId('cmd-1', {
          type: 'PlaceOrder',
          orderId: 'o-1',
          customerId: 'c-7',
          lines: [{ sku: 'mug-white', quantity: 0.5, unitPrice: 1200 }],
        }),
      )
      .thenError(OrderRejected, 'whole numbers above 0');
  });

  // #region then-match
  test('confirming the payment marks the order paid at the current time', () => {
    scenario(order)
      .given([orderPlaced])
      .when(withId('cmd-2', { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' }))
      .thenMatch([{ type: 'OrderPaid', data: { paymentId: 'pay-o-1', paidAt: any(Date) } }]);
  });
  // #endregion then-match

  // #region then-nothing
  test('a payment confirmed twice changes nothing the second time', () => {
    scenario(order)
      .given([orderPlaced, orderPaid])
      .when(withId('cmd-3', { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' }))
      .thenNothing();
  });
  // #endregion then-nothing

  test('cancelling a paid order makes a refund due', () => {
    const cancelOrder: OrderCommand = withId(
      'cmd-4',
      { type: 'CancelOrder', orderId: 'o-1', reason: 'customer changed their mind' },
      'checkout-o-1',
    );
    scenario(order)
      .at('2024-05-01T10:00:00.000Z')
      .given([orderPlaced, orderPaid])
      .when(cancelOrder)
      .then([
        causedBy(
          cancelOrder,
          {
            type: 'OrderCancelled',
            data: {
              orderId: 'o-1',
              reason: 'customer changed their mind',
              refundDue: true,
              cancelledAt: new Date('2024-05-01T10:00:00.000Z'),
            },
          },
          { id: 'cmd-4/1' },
        ),
      ]);
  });

  // #region given-commands
  test('a shipped order cannot be cancelled (history built through decide)', () => {
    scenario(order)
      .given([
        command(withId('cmd-1', { type: 'PlaceOrder', orderId: 'o-1', customerId: 'c-7', lines })),
        command(withId('cmd-2', { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' })),
        command(withId('cmd-3', { type: 'ShipOrder', orderId: 'o-1', trackingNumber: 'TRK-1' })),
      ])
      .when(withId('cmd-4', { type: 'CancelOrder', orderId: 'o-1', reason: 'too late' }))
      .thenError(OrderRejected, 'cannot cancel an order that is shipped');
  });
  // #endregion given-commands

  // #region then-state
  test('the state after payment remembers the payment', () => {
    scenario(order)
      .given([orderPlaced])
      .when(withId('cmd-2', { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-o-1' }))
      .thenState({ status: 'paid', total: 2100, lines, paymentId: 'pay-o-1' });
  });
  // #endregion then-state

  // #region invariant
  test('an order is never shipped before it is paid, whatever commands arrive', () => {
    const commands: fc.Arbitrary<OrderCommand> = fc.oneof(
      fc.constant({ type: 'PlaceOrder' as const, orderId: 'o-1', customerId: 'c-7', lines }),
      fc.constant({ type: 'ConfirmPayment' as const, orderId: 'o-1', paymentId: 'pay-o-1' }),
      fc.record({
        type: fc.constant('CancelOrder' as const),
        orderId: fc.constant('o-1'),
        reason: fc.string(),
      }),
      fc.record({
        type: fc.constant('ShipOrder' as const),
        orderId: fc.constant('o-1'),
        trackingNumber: fc.string(),
      }),
    );
    scenario(order).invariant(
      'shipped implies paid',
      (state) => state.status !== 'shipped' || state.paymentId !== undefined,
      {
        commands,
        runs: 300,
      },
    );
  });
  // #endregion invariant
});
