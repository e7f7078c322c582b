import { checkUpcastRoundTrip, scenario, upcasterScenario, type VersionWriters } from '@eventspec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { legacySku, type OrderEvent, order, orderUpcasters, type StoredOrderEvent } from '../../src/index.js';
import { withId } from '../with-id.js';

const placedAt = new Date('2022-03-01T10:00:00.000Z');

describe('stored order events', () => {
  // #region upcaster-spec
  test('a v1 order is read as one legacy line with its total', () => {
    upcasterScenario(orderUpcasters)
      .given([
        {
          type: 'OrderPlaced',
          version: 1,
          data: { orderId: 'o-1', customerId: 'c-7', amount: 2100, placedAt },
        },
      ])
      .then([
        {
          type: 'OrderPlaced',
          data: {
            orderId: 'o-1',
            customerId: 'c-7',
            lines: [{ sku: legacySku, quantity: 1, unitPrice: 2100 }],
            total: 2100,
            placedAt,
          },
        },
      ]);
  });
  // #endregion upcaster-spec

  test('events at their latest version pass through unchanged', () => {
    const paid: OrderEvent = {
      type: 'OrderPaid',
      data: { orderId: 'o-1', paymentId: 'pay-1', paidAt: placedAt },
    };
    upcasterScenario(orderUpcasters).given([paid]).then([paid]);
  });

  test("a stored event's envelope survives the upcast: the history still tells who caused what", () => {
    const metadata = { messageId: 'cmd-9/1', correlationId: 'conv-9', causationId: 'cmd-9' };
    const lines = [{ sku: 'espresso-machine', quantity: 1, unitPrice: 32_000 }];
    upcasterScenario(orderUpcasters)
      .given([
        {
          type: 'OrderPlaced',
          version: 2,
          data: { orderId: 'o-9', customerId: 'c-7', lines, placedAt },
          metadata,
        },
      ])
      .then([
        {
          type: 'OrderPlaced',
          data: { orderId: 'o-9', customerId: 'c-7', lines, total: 32_000, placedAt },
          metadata,
        },
      ]);
  });

  test('the chains have no gaps', () => {
    expect(() => orderUpcasters.verify()).not.toThrow();
  });

  // #region upcast-then-decide
  test('an old history still decides like a new one: a v1 order can be paid', () => {
    const stored: StoredOrderEvent[] = [
      {
        type: 'OrderPlaced',
        version: 1,
        data: { orderId: 'o-1', customerId: 'c-7', amount: 2100, placedAt },
      },
    ];
    scenario(order)
      .given(orderUpcasters.upcastAll(stored))
      .when(withId('cmd-1', { type: 'ConfirmPayment', orderId: 'o-1', paymentId: 'pay-1' }))
      .thenMatch([{ type: 'OrderPaid', data: { paymentId: 'pay-1' } }]);
  });
  // #endregion upcast-then-decide

  // #region round-trip
  test('any history written at old versions folds to the same order state once upcast', () => {
    const line = fc.record({
      sku: fc.constantFrom('tea', 'mug'),
      quantity: fc.integer({ min: 1, max: 3 }),
      unitPrice: fc.integer({ min: 1, max: 5000 }),
    });
    const placed = fc.record({
      type: fc.constant('OrderPlaced' as const),
      data: fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => ({
        orderId: 'o-1',
        customerId: 'c-7',
        lines,
        total: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0),
        placedAt,
      })),
    });
    const cancelled = fc.record({
      type: fc.constant('OrderCancelled' as const),
      data: fc.record({
        orderId: fc.constant('o-1'),
        reason: fc.string(),
        refundDue: fc.constant(false),
        cancelledAt: fc.constant(placedAt),
      }),
    });
    const writers: VersionWriters<StoredOrderEvent, OrderEvent> = {
      OrderPlaced: {
        // v1 can only say "one amount": it expresses single legacy lines and nothing else.
        1: (event) => {
          if (event.type !== 'OrderPlaced') return undefined;
          const [only, ...more] = event.data.lines;
          if (!only || more.length > 0 || only.sku !== legacySku || only.quantity !== 1) return undefined;
          const { orderId, customerId, placedAt: at } = event.data;
          return {
            type: 'OrderPlaced',
            version: 1,
            data: { orderId, customerId, amount: only.unitPrice, placedAt: at },
          };
        },
        2: (event) => {
          if (event.type !== 'OrderPlaced') return undefined;
          const { total: _total, ...data } = event.data;
          return { type: 'OrderPlaced', version: 2, data };
        },
      },
      OrderCancelled: {
        1: (event) => {
          if (event.type !== 'OrderCancelled' || event.data.refundDue) return undefined;
          const { refundDue: _refundDue, ...data } = event.data;
          return { type: 'OrderCancelled', version: 1, data };
        },
      },
    };
    checkUpcastRoundTrip({
      decider: order,
      upcasters: orderUpcasters,
      histories: fc.array(fc.oneof(placed, cancelled), { maxLength: 4 }),
      writers,
      runs: 200,
    });
  });
  // #endregion round-trip
});
