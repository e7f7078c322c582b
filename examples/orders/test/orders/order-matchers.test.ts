import { causedBy, inAnyOrder } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { type OrderCommand, type OrderEvent, order } from '../../src/index.js';
import { withId } from '../with-id.js';

const placedAt = new Date('2024-05-01T09:00:00.000Z');
const lines = [{ sku: 'mug-white', quantity: 2, unitPrice: 1200 }];

describe('order (plain expect with eventspec matchers)', () => {
  // #region matchers
  test('events can be checked with expect, too', () => {
    const state = order.evolve(
      order.initialState instanceof Function ? order.initialState() : order.initialState,
      {
        type: 'OrderPlaced',
        data: { orderId: 'o-1', customerId: 'c-7', lines, total: 2400, placedAt },
      },
    );
    const confirm: OrderCommand = withId('cmd-2', {
      type: 'ConfirmPayment',
      orderId: 'o-1',
      paymentId: 'pay-o-1',
    });
    const events = [order.decide(confirm, state, { now: () => placedAt })].flat() as OrderEvent[];

    expect(events).toEmit([
      causedBy(
        confirm,
        { type: 'OrderPaid', data: { orderId: 'o-1', paymentId: 'pay-o-1', paidAt: placedAt } },
        { id: 'cmd-2/1' },
      ),
    ]);
    expect([{ trigger: confirm, outputs: events }]).toKeepCausality();
    expect(events).toEmitMatching([{ type: 'OrderPaid', data: { paidAt: expect.any(Date) } }]);
    expect(events).toEmitTypes(['OrderPaid']);
    expect(events).toContainEvent({ data: { paymentId: 'pay-o-1' } });
    expect(events).not.toEmitMatching([inAnyOrder([{ type: 'OrderPaid' }, { type: 'OrderShipped' }])]);
  });
  // #endregion matchers
});
