// Pins what eventspec prints for the failing specs in failing/, so that a change to the output is reviewed.
import { describe, expect, test } from 'vitest';
import * as failing from '../../failing/failing-specs.js';

function failureOf(spec: () => void): { code: string | undefined; message: string } {
  try {
    spec();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code, message: message.replace(/path: "[\d:]+"/, 'path: "…"') };
  }
  throw new Error('this spec was meant to fail, but it passed');
}

describe('what a failing spec prints', () => {
  test('then(): a field that differs', () => {
    const { code, message } = failureOf(failing.wrongTotal);
    expect(code).toBe('EVENTSPEC_SPEC_EVENTS_MISMATCH');
    expect(message).toMatchInlineSnapshot(`
      "then() failed: 1 event differs.

        at     2024-05-01T09:00:00.000Z
        given  no events
        when   PlaceOrder { orderId: "o-1", customerId: "c-7", lines: [{ sku: "tea-earl-grey", quantity: 2, unitPrice: 450 },…
        then   OrderPlaced

        [0] ✗ OrderPlaced
              data.total: expected 1650, received 2100"
    `);
  });

  test('then(): one event missing, one unexpected', () => {
    expect(failureOf(failing.missingEvent).message).toMatchInlineSnapshot(`
      "then() failed: 1 missing.

        at     2024-05-01T09:00:00.000Z
        given  OrderPlaced
        when   CancelOrder { orderId: "o-1", reason: "duplicate order", metadata: { messageId: "cmd-2" } }
        then   OrderCancelled, OrderShipped

        [0] ✓ OrderCancelled
            - OrderShipped (missing): { type: "OrderShipped", data: { orderId: "o-1", trackingNumber: "none", shippedAt: new Da…"
    `);
  });

  test('thenMatch(): the command was rejected', () => {
    const { code, message } = failureOf(failing.unexpectedRejection);
    expect(code).toBe('EVENTSPEC_SPEC_UNEXPECTED_ERROR');
    expect(message).toMatchInlineSnapshot(`
      "thenMatch() failed: decide threw OrderRejected: cannot ship an order that is placed.

        given  OrderPlaced
        when   ShipOrder { orderId: "o-1", trackingNumber: "TRK-1", metadata: { messageId: "cmd-2" } }
        then   OrderShipped (patterns)

      If rejecting this command is right, expect it with thenError(...)."
    `);
  });

  test('process manager: the timeout has not come due', () => {
    expect(failureOf(failing.timeoutTooEarly).message).toMatchInlineSnapshot(`
      "then() failed: due: 1 missing; send: 1 missing.

        at     2024-05-01T09:00:00.000Z
        given  OrderPlaced
        when   the clock advances by 10m to 2024-05-01T09:10:00.000Z
        then   due: PaymentTimedOut; send: CancelOrder; nothing else

        due
              - PaymentTimedOut (missing): { type: "PaymentTimedOut", data: { orderId: "o-1" }, metadata: { messageId: "cmd-1/1/2", …
        send
              - CancelOrder (missing): { type: "CancelOrder", orderId: "o-1", reason: "payment timed out", metadata: { messageId…"
    `);
  });

  test('projection: not idempotent under redelivery', () => {
    expect(failureOf(failing.projectionNotIdempotent).message).toMatchInlineSnapshot(`
      "then() failed: the projection is not idempotent: delivering given[0] OrderPlaced twice changed the read model.

        given  OrderPlaced
        then   the read model (also: each event twice)

        event  given[0] OrderPlaced: { type: "OrderPlaced", data: { orderId: "o-1", customerId: "c-7", lines: [{ sku: "tea-ear…
        model.revenue: once 2100, twice 4200"
    `);
  });

  test('invariant: the shrunk history, ready to paste', () => {
    const { code, message } = failureOf(failing.invariantBroken);
    expect(code).toBe('EVENTSPEC_SPEC_INVARIANT_BROKEN');
    expect(message).toMatchInlineSnapshot(`
      "Invariant "shipped implies paid" broken after 2 commands (2 accepted, 0 rejected).

        state  { status: "shipped", total: 2100, lines: [{ sku: "tea-earl-grey", quantity: 2, unitPrice: 450 }, { sku: "mug-white", quantity: 1, unitPrice: 1200 }] }

      The shrunk history, as a scenario to paste into a test:

        scenario(decider)
          .given([
            command({
              type: "PlaceOrder",
              orderId: "o-1",
              customerId: "c-7",
              lines: [
                { sku: "tea-earl-grey", quantity: 2, unitPrice: 450 },
                { sku: "mug-white", quantity: 1, unitPrice: 1200 },
              ],
            }),
          ])
          .when({ type: "ShipOrder", orderId: "o-1", trackingNumber: "TRK-1" })
          .thenState(/* shipped implies paid */ (state) => state.status !== "shipped" || state.paymentId !== undefined);

      Replay: pass { seed: 2024, path: "…" } in the invariant's options."
    `);
  });
});
