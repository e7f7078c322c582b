import { causedBy, type SyncDecider } from '@eventspec/core';
import { idCausedBy } from '../messages/message-metadata.js';
import type { OrderCommand, OrderEvent, OrderLine } from './order-messages.js';

export type OrderStatus = 'none' | 'placed' | 'paid' | 'shipped' | 'cancelled';

export interface OrderState {
  status: OrderStatus;
  total: number;
  lines: OrderLine[];
  paymentId?: string;
}

/** A rule of the order lifecycle was broken: the command is rejected. */
export class OrderRejected extends Error {
  override name = 'OrderRejected';
}

/**
 * The order lifecycle. Each event is `causedBy` the command that made it: the command's correlation id,
 * the command's id as its cause, and its own id `<command id>/1`.
 */
export const order: SyncDecider<OrderCommand, OrderEvent, OrderState> = {
  initialState: () => ({ status: 'none', total: 0, lines: [] }),

  decide(command, state, { now }) {
    switch (command.type) {
      case 'PlaceOrder': {
        if (state.status !== 'none') throw new OrderRejected(`order ${command.orderId} was already placed`);
        if (command.lines.length === 0) throw new OrderRejected('an order needs at least one line');
        const bad = command.lines.find((line) => !Number.isInteger(line.quantity) || line.quantity <= 0);
        if (bad)
          throw new OrderRejected(
            `line ${bad.sku} has quantity ${bad.quantity}; quantities are whole numbers above 0`,
          );
        const total = command.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
        const { orderId, customerId, lines } = command;
        // #region caused-by-command
        return causedBy<OrderEvent>(
          command,
          { type: 'OrderPlaced', data: { orderId, customerId, lines, total, placedAt: now() } },
          idCausedBy(command),
        );
        // #endregion caused-by-command
      }
      case 'ConfirmPayment':
        if (state.status === 'paid' && state.paymentId === command.paymentId) return [];
        if (state.status !== 'placed')
          throw new OrderRejected(`cannot confirm a payment for an order that is ${state.status}`);
        return causedBy<OrderEvent>(
          command,
          {
            type: 'OrderPaid',
            data: { orderId: command.orderId, paymentId: command.paymentId, paidAt: now() },
          },
          idCausedBy(command),
        );
      case 'CancelOrder':
        if (state.status === 'cancelled') return [];
        if (state.status === 'none' || state.status === 'shipped') {
          throw new OrderRejected(
            `cannot cancel an order that is ${state.status === 'none' ? 'not placed' : 'shipped'}`,
          );
        }
        return causedBy<OrderEvent>(
          command,
          {
            type: 'OrderCancelled',
            data: {
              orderId: command.orderId,
              reason: command.reason,
              refundDue: state.status === 'paid',
              cancelledAt: now(),
            },
          },
          idCausedBy(command),
        );
      case 'ShipOrder':
        if (state.status !== 'paid') throw new OrderRejected(`cannot ship an order that is ${state.status}`);
        return causedBy<OrderEvent>(
          command,
          {
            type: 'OrderShipped',
            data: { orderId: command.orderId, trackingNumber: command.trackingNumber, shippedAt: now() },
          },
          idCausedBy(command),
        );
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrderPlaced':
        return { status: 'placed', total: event.data.total, lines: event.data.lines };
      case 'OrderPaid':
        return { ...state, status: 'paid', paymentId: event.data.paymentId };
      case 'OrderCancelled':
        return { ...state, status: 'cancelled' };
      case 'OrderShipped':
        return { ...state, status: 'shipped' };
    }
  },
};
