// vitest.config.ts turns causality on for every scenario of this project: these specs pass no option, and
// a decider or process manager that loses the trace fails them.
import {
  causedBy,
  type ProcessManager,
  processScenario,
  type SyncDecider,
  scenario,
  send,
} from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import {
  type CheckoutInput,
  type CheckoutState,
  checkout,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  order,
} from '../../src/index.js';
import { withId } from '../with-id.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
const placeOrder: OrderCommand = withId(
  'cmd-1',
  {
    type: 'PlaceOrder',
    orderId: 'o-1',
    customerId: 'c-7',
    lines: [{ sku: 'mug-white', quantity: 1, unitPrice: 1200 }],
  },
  'checkout-o-1',
);

// #region dropping-correlation
/** The order decider after a refactoring that rebuilt each event's envelope and forgot the correlation id. */
const orderDroppingCorrelation: SyncDecider<OrderCommand, OrderEvent, OrderState> = {
  ...order,
  decide(command, state, context) {
    const decided = order.decide(command, state, context) ?? [];
    const events: readonly OrderEvent[] = 'type' in decided ? [decided] : decided;
    return events.map((event) => {
      const { correlationId: _dropped, ...kept } = event.metadata ?? {};
      return { ...event, metadata: kept };
    });
  },
};
// #endregion dropping-correlation

/** The checkout after a change that sends the refund as a fresh command, not caused by the cancellation. */
const checkoutRefundingFresh: ProcessManager<CheckoutInput, CheckoutState> = {
  ...checkout,
  react(state, input, context) {
    if (input.type === 'OrderCancelled' && input.data.refundDue && state.paymentId)
      return send({ type: 'RefundPayment', paymentId: state.paymentId, amount: state.amount });
    return checkout.react(state, input, context);
  },
};

function failureOf(spec: () => void): { code: string | undefined; message: string } {
  try {
    spec();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code, message };
  }
  throw new Error('this spec was meant to fail, but it passed');
}

describe('causality on every spec of the project', () => {
  test('the order decider keeps the trace: no option in the spec, the project checks it', () => {
    scenario(order)
      .at(placedAt)
      .when(placeOrder)
      .thenMatch([
        { type: 'OrderPlaced', metadata: { correlationId: 'checkout-o-1', causationId: 'cmd-1' } },
      ]);
  });

  // #region broken-decider
  test('a decider that drops the correlation id fails a spec whose events are otherwise right', () => {
    const spec = () =>
      scenario(orderDroppingCorrelation)
        .at(placedAt)
        .when(placeOrder)
        .thenMatch([{ type: 'OrderPlaced', data: { total: 1200 } }]);
    const { code, message } = failureOf(spec);
    expect(code).toBe('EVENTSPEC_CAUSALITY_BROKEN');
    expect(message).toMatchInlineSnapshot(`
      "Causality broken in scenario: when PlaceOrder: 1 link lost the correlation or causation id.

        PlaceOrder  id=cmd-1  correlation=checkout-o-1
        └─ ✗ OrderPlaced  id=cmd-1/1  causation=cmd-1  ← first broken link: it has no correlation id (expected "checkout-o-1", from PlaceOrder)

      Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.
      The chain as a picture: .eventspec/causality/scenario-when-placeorder.svg"
    `);
    // The same spec with the check turned off for it passes: the failure above is the causality check's.
    scenario(orderDroppingCorrelation, { causality: false })
      .at(placedAt)
      .when(placeOrder)
      .thenMatch([{ type: 'OrderPlaced', data: { total: 1200 } }]);
  });
  // #endregion broken-decider

  test('a process manager that sends a fresh command instead of one caused by its input fails too', () => {
    const cancelled: OrderEvent = causedBy(
      withId('cmd-9', { type: 'CancelOrder', orderId: 'o-1', reason: 'changed mind' }, 'checkout-o-1'),
      {
        type: 'OrderCancelled',
        data: { orderId: 'o-1', reason: 'changed mind', refundDue: true, cancelledAt: placedAt },
      },
      { id: 'cmd-9/1' },
    );
    const orderPlaced: OrderEvent = causedBy(
      placeOrder,
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
      { id: 'cmd-1/1' },
    );
    const spec = () =>
      processScenario(checkoutRefundingFresh)
        .at(placedAt)
        .given([orderPlaced])
        .when(cancelled)
        .thenMatch({ send: [{ type: 'RefundPayment', amount: 1200 }] });
    const { code, message } = failureOf(spec);
    expect(code).toBe('EVENTSPEC_CAUSALITY_BROKEN');
    expect(message).toMatchInlineSnapshot(`
      "Causality broken in process step: OrderCancelled { data: { orderId: "o-1", reason: "changed mind", refundDue: true, cancelledAt: new Date("2024-05-0…: 1 link lost the correlation or causation id.

        OrderCancelled  id=cmd-9/1  correlation=checkout-o-1  causation=cmd-9
        └─ ✗ RefundPayment  ← first broken link: it has no correlation id (expected "checkout-o-1", from OrderCancelled)

      Derive each output's metadata from its trigger: causedBy(trigger, output) keeps the correlation id and sets the causation id.
      The chain as a picture: .eventspec/causality/process-step-ordercancelled-data-orderid-o-1-reason-changed-mind-refunddue-true-.svg"
    `);
  });
});
