import {
  causedBy,
  deciderService,
  handlerService,
  processService,
  projectionService,
  send,
} from '@eventspec/core';
import { checkout } from '../checkout/checkout-process.js';
import { idCausedBy } from '../messages/message-metadata.js';
import { order } from '../orders/order.js';
import type { OrderCommand, OrderEvent } from '../orders/order-messages.js';
import { payment } from '../payments/payment.js';
import type { PaymentCommand, PaymentEvent } from '../payments/payment-messages.js';
import { customerOrders } from '../read-models/customer-orders.js';

/** The card limit of the simulated payment provider, in cents: above it, payments fail. */
export const cardLimit = 50_000;

const orderIdOf = (message: OrderCommand | OrderEvent) =>
  'data' in message ? message.data.orderId : message.orderId;
const paymentIdOf = (message: PaymentCommand | PaymentEvent) =>
  'data' in message ? message.data.paymentId : message.paymentId;

/**
 * The orders system: the order and payment services, the checkout process between them, the customers'
 * read model, a simulated payment provider and the warehouse.
 */
export const ordersSystem = {
  orders: deciderService(order, {
    commands: ['PlaceOrder', 'ConfirmPayment', 'CancelOrder', 'ShipOrder'],
    events: ['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderShipped'],
    streamOf: orderIdOf,
  }),
  payments: deciderService(payment, {
    commands: ['RequestPayment', 'CapturePayment', 'FailPayment', 'RefundPayment'],
    events: ['PaymentRequested', 'PaymentCaptured', 'PaymentFailed', 'PaymentRefunded'],
    streamOf: paymentIdOf,
  }),
  checkout: processService(checkout, {
    listensTo: ['OrderPlaced', 'PaymentCaptured', 'PaymentFailed', 'OrderCancelled'],
    instanceOf: (event) => ('orderId' in event.data ? event.data.orderId : ''),
  }),
  customers: projectionService(customerOrders, {
    listensTo: ['OrderPlaced', 'OrderShipped', 'OrderCancelled'],
  }),
  /** The payment provider: captures what is within the card limit, declines the rest. */
  provider: handlerService<PaymentEvent>({
    listensTo: ['PaymentRequested'],
    handle: (event, context) =>
      context.replaying || event.type !== 'PaymentRequested'
        ? []
        : send(
            causedBy<PaymentCommand>(
              event,
              event.data.amount <= cardLimit
                ? { type: 'CapturePayment', paymentId: event.data.paymentId }
                : { type: 'FailPayment', paymentId: event.data.paymentId, reason: 'card limit exceeded' },
              idCausedBy(event),
            ),
          ),
  }),
  /** The warehouse ships every paid order. */
  warehouse: handlerService<OrderEvent>({
    listensTo: ['OrderPaid'],
    handle: (event, context) =>
      !context.replaying && event.type === 'OrderPaid'
        ? send(
            causedBy<OrderCommand>(
              event,
              { type: 'ShipOrder', orderId: event.data.orderId, trackingNumber: `TRK-${event.data.orderId}` },
              idCausedBy(event),
            ),
          )
        : [],
  }),
};
