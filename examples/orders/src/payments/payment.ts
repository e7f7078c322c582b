import type { SyncDecider } from '@eventspec/core';
import type { PaymentCommand, PaymentEvent } from './payment-messages.js';

export interface PaymentState {
  status: 'none' | 'requested' | 'captured' | 'failed';
  orderId: string;
  amount: number;
  refunded: number;
}

/** The payment cannot do what the command asks. */
export class PaymentRejected extends Error {
  override name = 'PaymentRejected';
}

export const payment: SyncDecider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: () => ({ status: 'none', orderId: '', amount: 0, refunded: 0 }),

  decide(command, state) {
    const { paymentId } = command;
    switch (command.type) {
      case 'RequestPayment':
        if (state.status !== 'none') throw new PaymentRejected(`payment ${paymentId} was already requested`);
        if (!Number.isInteger(command.amount) || command.amount <= 0) {
          throw new PaymentRejected(
            `cannot request ${command.amount} cents: amounts are whole cents above 0`,
          );
        }
        return {
          type: 'PaymentRequested',
          data: { paymentId, orderId: command.orderId, amount: command.amount },
        };
      case 'CapturePayment':
        if (state.status === 'captured') return [];
        if (state.status !== 'requested')
          throw new PaymentRejected(`cannot capture a payment that is ${state.status}`);
        return { type: 'PaymentCaptured', data: { paymentId, orderId: state.orderId, amount: state.amount } };
      case 'FailPayment':
        if (state.status !== 'requested')
          throw new PaymentRejected(`cannot fail a payment that is ${state.status}`);
        return { type: 'PaymentFailed', data: { paymentId, orderId: state.orderId, reason: command.reason } };
      case 'RefundPayment': {
        if (state.status !== 'captured')
          throw new PaymentRejected(`cannot refund a payment that is ${state.status}`);
        const refundable = state.amount - state.refunded;
        if (command.amount <= 0 || command.amount > refundable) {
          throw new PaymentRejected(
            `cannot refund ${command.amount} cents: ${refundable} cents are refundable`,
          );
        }
        return {
          type: 'PaymentRefunded',
          data: { paymentId, orderId: state.orderId, amount: command.amount },
        };
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PaymentRequested':
        return { ...state, status: 'requested', orderId: event.data.orderId, amount: event.data.amount };
      case 'PaymentCaptured':
        return { ...state, status: 'captured' };
      case 'PaymentFailed':
        return { ...state, status: 'failed' };
      case 'PaymentRefunded':
        return { ...state, refunded: state.refunded + event.data.amount };
    }
  },
};
