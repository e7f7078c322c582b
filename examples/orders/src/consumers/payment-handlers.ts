import type { Broker, Message } from '@eventspec/core';
import type { PaymentEvent } from '../payments/payment-messages.js';
import type { PaymentsDb } from './payments-db.js';

type Requested = Extract<PaymentEvent, { type: 'PaymentRequested' }>;
/** A `PaymentRequested` event as the payment service receives it from the broker. */
export type PaymentRequestedMessage = Message<Requested['data'], 'PaymentRequested'>;

// #region naive-handler
/** Charges the customer for every delivery: a duplicate charges twice. */
export async function chargeNaively(db: PaymentsDb, message: PaymentRequestedMessage): Promise<void> {
  const { paymentId, orderId, amount } = message.data;
  await db.insertCharge({ paymentId, orderId, amount });
}
// #endregion naive-handler

/** Checks, then charges, then remembers: a crash between the charge and the mark charges twice. */
export async function chargeWithSeparateDedupe(
  db: PaymentsDb,
  message: PaymentRequestedMessage,
): Promise<void> {
  if (await db.hasProcessed(message.id)) return;
  const { paymentId, orderId, amount } = message.data;
  await db.insertCharge({ paymentId, orderId, amount });
  await db.markProcessed(message.id);
}

// #region idempotent-handler
/** Charges once per message: the charge and the processed message id are one transaction. */
export async function chargeOnce(db: PaymentsDb, message: PaymentRequestedMessage): Promise<void> {
  const { paymentId, orderId, amount } = message.data;
  await db.recordCharge(message.id, { paymentId, orderId, amount });
}
// #endregion idempotent-handler

// #region start-consumer
/** How the payment service starts consuming: the same code for the in-memory broker, Kafka or RabbitMQ. */
export function startPaymentConsumer(broker: Broker, db: PaymentsDb) {
  return broker.subscribe({
    source: 'payments',
    group: 'payment-service',
    handler: (message) => chargeOnce(db, message as PaymentRequestedMessage),
  });
}
// #endregion start-consumer
