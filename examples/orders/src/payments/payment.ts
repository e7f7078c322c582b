import { causedBy, type SyncDecider } from '@eventspec/core';
import { idCausedBy } from '../messages/message-metadata.js';
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

/** A payment: requested, then captured or failed; refunds up to what was captured. Events are `causedBy` their command. */
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
        return causedBy<PaymentEvent>(
          command,
          { type: 'PaymentRequested', data: { paymentId, orderId: command.orderId, amount: command.amount } },
          idCausedBy(command),
        );
      case 'CapturePayment':
        if (state.status === 'captured') return [];
        if (state.status !== 'requested')
          throw new PaymentRejected(`cannot capture a payment that is ${state.status}`);
        return causedBy<PaymentEvent>(
          command,
          { type: 'PaymentCaptured', data: { paymentId, orderId: state.orderId, amount: state.amount } },
          idCausedBy(command),
        );
      case 'FailPayment':
        if (state.status !== 'requested')
          throw new PaymentRejected(`cannot fail a payment that is ${state.status}`);
        return causedBy<PaymentEvent>(
          command,
          { type: 'PaymentFailed', data: { paymentId, orderId: state.orderId, reason: command.reason } },
          idCausedBy(command),
        );
      case 'RefundPayment': {
        if (state.status !== 'captured')
          throw new PaymentRejected(`cannot refund a payment that is ${state.status}`);
        const refundable = state.amount - state.refunded;
        if (command.amount <= 0 || command.amount > refundable) {
          throw new PaymentRejected(
            `cannot refund ${command.amount} cents: ${refundable} cents are refundable`,
          );
        }
        return causedBy<PaymentEvent>(
          command,
          { type: 'PaymentRefunded', data: { paymentId, orderId: state.orderId, amount: command.amount } },
          idCausedBy(command),
        );
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
