import { type Broker, causedBy, type Message } from '@eventspec/core';
import type { PaymentRequestedMessage } from '../consumers/payment-handlers.js';
import type { PaymentStore } from './payment-store.js';

// #region inbox-outbox
/**
 * Charges the customer once per message: the inbox claim, the charge and the PaymentCharged message for the
 * outbox commit in one transaction, so a redelivery finds the claim and does nothing.
 */
export async function chargeWithInbox(store: PaymentStore, message: PaymentRequestedMessage): Promise<void> {
  await store.inTransaction(async (tx) => {
    if (!(await tx.claim(message.id))) return;
    const { paymentId, orderId, amount } = message.data;
    await tx.insertCharge({ paymentId, orderId, amount });
    await tx.enqueue(
      causedBy(message, {
        id: `charged-${message.id}`,
        type: 'PaymentCharged',
        key: message.key,
        data: { paymentId, orderId, amount },
        headers: {},
      }),
    );
  });
}
// #endregion inbox-outbox

/** Publishes what the outbox holds, then marks it published: at least once, in order. */
export async function relayOutbox(store: PaymentStore, broker: Broker, topic: string): Promise<number> {
  const pending = await store.unpublished();
  if (pending.length === 0) return 0;
  await broker.publish(
    topic,
    pending.map(({ message }) => message as Message),
  );
  await store.markPublished(pending.map(({ position }) => position));
  return pending.length;
}
