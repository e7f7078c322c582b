import type { PaymentRequestedMessage } from '../../src/consumers/payment-handlers.js';
import type { PaymentStore } from '../../src/index.js';

/** Three payment requests for three orders, as the payment service receives them. */
export const paymentRequests: PaymentRequestedMessage[] = [1, 2, 3].map((n) => ({
  id: `msg-${n}`,
  type: 'PaymentRequested',
  key: `order-${n}`,
  data: { paymentId: `pay-order-${n}`, orderId: `order-${n}`, amount: 100 * n },
  headers: { 'correlation-id': `checkout-order-${n}` },
}));

/** What must not change under faults: the charges, and the messages waiting in the outbox. */
export async function paymentOutcome(store: PaymentStore) {
  const outbox = (await store.unpublished()).map(({ message }) => message.id).sort();
  return { charges: await store.charges(), outbox };
}
