// Specs that fail on purpose, to show what eventspec prints when a spec finds a bug.
// `pnpm --filter @eventspec-examples/orders run show-failures` runs them through vitest (and fails, by design);
// test/failure-output/failure-output.test.ts pins their output with inline snapshots.
import {
  causedBy,
  type Projection,
  processScenario,
  projectionScenario,
  type SyncDecider,
  scenario,
} from '@eventspec/core';
import fc from 'fast-check';
import {
  checkout,
  type OrderCommand,
  type OrderEvent,
  type OrderLine,
  type OrderState,
  order,
} from '../src/index.js';
import { withId } from '../test/with-id.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
const lines: OrderLine[] = [
  { sku: 'tea-earl-grey', quantity: 2, unitPrice: 450 },
  { sku: 'mug-white', quantity: 1, unitPrice: 1200 },
];
const placeOrder: OrderCommand = withId('cmd-1', {
  type: 'PlaceOrder',
  orderId: 'o-1',
  customerId: 'c-7',
  lines,
});
const orderPlaced: OrderEvent = causedBy(
  placeOrder,
  { type: 'OrderPlaced', data: { orderId: 'o-1', customerId: 'c-7', lines, total: 2100, placedAt } },
  { id: 'cmd-1/1' },
);

/** The spec expects a total that forgets the quantity of the tea. */
export function wrongTotal(): void {
  // #region failing-then
  scenario(order)
    .at(placedAt)
    .when(placeOrder)
    .then([
      causedBy(
        placeOrder,
        { type: 'OrderPlaced', data: { orderId: 'o-1', customerId: 'c-7', lines, total: 1650, placedAt } },
        { id: 'cmd-1/1' },
      ),
    ]);
  // #endregion failing-then
}

/** The spec expects an event the decider does not emit, and misses the one it does. */
export function missingEvent(): void {
  const cancelOrder: OrderCommand = withId('cmd-2', {
    type: 'CancelOrder',
    orderId: 'o-1',
    reason: 'duplicate order',
  });
  scenario(order)
    .at(placedAt)
    .given([orderPlaced])
    .when(cancelOrder)
    .then([
      causedBy(
        cancelOrder,
        {
          type: 'OrderCancelled',
          data: { orderId: 'o-1', reason: 'duplicate order', refundDue: false, cancelledAt: placedAt },
        },
        { id: 'cmd-2/1' },
      ),
      { type: 'OrderShipped', data: { orderId: 'o-1', trackingNumber: 'none', shippedAt: placedAt } },
    ]);
}

/** The command is rejected where the spec expected it to succeed. */
export function unexpectedRejection(): void {
  scenario(order)
    .given([orderPlaced])
    .when(withId('cmd-2', { type: 'ShipOrder', orderId: 'o-1', trackingNumber: 'TRK-1' }))
    .thenMatch([{ type: 'OrderShipped' }]);
}

/** The checkout is expected to cancel after 10 minutes, but waits 15. */
export function timeoutTooEarly(): void {
  const timedOut = causedBy(
    orderPlaced,
    { type: 'PaymentTimedOut', data: { orderId: 'o-1' } },
    { id: 'cmd-1/1/2' },
  );
  processScenario(checkout)
    .at(placedAt)
    .given([orderPlaced])
    .advanceBy('10m')
    .then({
      due: [timedOut],
      send: [
        causedBy(
          timedOut,
          { type: 'CancelOrder', orderId: 'o-1', reason: 'payment timed out' },
          { id: 'cmd-1/1/2/1' },
        ),
      ],
    });
}

/** A revenue projection that adds on every delivery: right once, wrong under redelivery. */
const naiveRevenue: Projection<OrderEvent, { revenue: number }> = {
  initialState: () => ({ revenue: 0 }),
  project: (model, event) =>
    event.type === 'OrderPlaced' ? { revenue: model.revenue + event.data.total } : model,
};
export function projectionNotIdempotent(): void {
  // #region failing-projection
  projectionScenario(naiveRevenue, { deliverTwice: true }).given([orderPlaced]).then({ revenue: 2100 });
  // #endregion failing-projection
}

/** An order decider that forgot to check payment before shipping; the invariant finds the history. */
const sloppyOrder: SyncDecider<OrderCommand, OrderEvent, OrderState> = {
  ...order,
  decide(command, state, context) {
    if (command.type === 'ShipOrder' && state.status === 'placed') {
      return {
        type: 'OrderShipped',
        data: { orderId: command.orderId, trackingNumber: command.trackingNumber, shippedAt: context.now() },
      };
    }
    return order.decide(command, state, context);
  },
};
export function invariantBroken(): void {
  const commands: fc.Arbitrary<OrderCommand> = fc.oneof(
    fc.constant({ type: 'PlaceOrder' as const, orderId: 'o-1', customerId: 'c-7', lines }),
    fc.constant({ type: 'ConfirmPayment' as const, orderId: 'o-1', paymentId: 'pay-o-1' }),
    fc.record({
      type: fc.constant('ShipOrder' as const),
      orderId: fc.constant('o-1'),
      trackingNumber: fc.constantFrom('TRK-1', 'TRK-2'),
    }),
  );
  scenario(sloppyOrder).invariant(
    'shipped implies paid',
    (state) => state.status !== 'shipped' || state.paymentId !== undefined,
    {
      commands,
      seed: 2024,
    },
  );
}
