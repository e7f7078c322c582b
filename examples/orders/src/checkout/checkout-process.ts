import { cancel, causedBy, type ProcessManager, schedule, send } from '@eventspec/core';
import { idCausedBy, type WithMetadata } from '../messages/message-metadata.js';
import type { OrderCommand, OrderEvent } from '../orders/order-messages.js';
import type { PaymentCommand, PaymentEvent } from '../payments/payment-messages.js';

/** How long a customer has to pay before the order is cancelled. */
export const paymentTimeout = '15m';

/** The checkout's own timer message, scheduled when an order is placed. */
export type PaymentTimedOut = WithMetadata & { type: 'PaymentTimedOut'; data: { orderId: string } };

export type CheckoutInput = OrderEvent | PaymentEvent | PaymentTimedOut;
export type CheckoutCommand = OrderCommand | PaymentCommand;

export interface CheckoutState {
  stage: 'idle' | 'awaitingPayment' | 'paid' | 'cancelled';
  orderId?: string;
  paymentId?: string;
  amount: number;
}

export const timeoutId = (orderId: string) => `payment-timeout:${orderId}`;
export const paymentIdFor = (orderId: string) => `pay-${orderId}`;

/**
 * Orchestrates checkout: asks for payment when an order is placed, confirms the order when the payment is
 * captured, and cancels it when the payment fails or does not arrive in time; refunds a paid order that is
 * cancelled. Every command and timer it makes is `causedBy` the event it reacts to.
 */
export const checkout: ProcessManager<CheckoutInput, CheckoutState> = {
  initialState: () => ({ stage: 'idle', amount: 0 }),

  react(state, input, context) {
    // A replay rebuilds state; it must not ask for payments again.
    if (context.replaying) return [];
    switch (input.type) {
      case 'OrderPlaced': {
        // Delivered again (at least once): the payment was already requested.
        if (state.stage !== 'idle') return [];
        const { orderId, total } = input.data;
        const paymentId = paymentIdFor(orderId);
        // #region caused-by-event
        return [
          send<CheckoutCommand>(
            causedBy(
              input,
              { type: 'RequestPayment', paymentId, orderId, amount: total },
              idCausedBy(input, 1),
            ),
          ),
          schedule<PaymentTimedOut>(
            causedBy(input, { type: 'PaymentTimedOut', data: { orderId } }, idCausedBy(input, 2)),
            { after: paymentTimeout, id: timeoutId(orderId) },
          ),
        ];
        // #endregion caused-by-event
      }
      case 'PaymentCaptured':
        if (state.stage !== 'awaitingPayment') return [];
        return [
          cancel(timeoutId(input.data.orderId)),
          send<CheckoutCommand>(
            causedBy(
              input,
              { type: 'ConfirmPayment', orderId: input.data.orderId, paymentId: input.data.paymentId },
              idCausedBy(input),
            ),
          ),
        ];
      case 'PaymentFailed':
        if (state.stage !== 'awaitingPayment') return [];
        return [
          cancel(timeoutId(input.data.orderId)),
          send<CheckoutCommand>(
            causedBy(
              input,
              {
                type: 'CancelOrder',
                orderId: input.data.orderId,
                reason: `payment failed: ${input.data.reason}`,
              },
              idCausedBy(input),
            ),
          ),
        ];
      case 'PaymentTimedOut':
        if (state.stage !== 'awaitingPayment') return [];
        return send<CheckoutCommand>(
          causedBy(
            input,
            { type: 'CancelOrder', orderId: input.data.orderId, reason: 'payment timed out' },
            idCausedBy(input),
          ),
        );
      case 'OrderCancelled':
        if (!input.data.refundDue || !state.paymentId) return [];
        return send<CheckoutCommand>(
          causedBy(
            input,
            { type: 'RefundPayment', paymentId: state.paymentId, amount: state.amount },
            idCausedBy(input),
          ),
        );
      default:
        return [];
    }
  },

  evolve(state, input) {
    switch (input.type) {
      case 'OrderPlaced':
        if (state.stage !== 'idle') return state;
        return {
          stage: 'awaitingPayment',
          orderId: input.data.orderId,
          paymentId: paymentIdFor(input.data.orderId),
          amount: input.data.total,
        };
      case 'PaymentCaptured':
        return state.stage === 'awaitingPayment' ? { ...state, stage: 'paid' } : state;
      case 'PaymentFailed':
      case 'PaymentTimedOut':
        return state.stage === 'awaitingPayment' ? { ...state, stage: 'cancelled' } : state;
      case 'OrderCancelled':
        return { ...state, stage: 'cancelled' };
      default:
        return state;
    }
  },
};
