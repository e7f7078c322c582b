import type { Message } from '@eventspec/core';
import type { Charge } from '../consumers/payments-db.js';
import type { PaymentStore, PaymentTransaction } from './payment-store.js';

/** The payment store in memory: a transaction stages its writes and applies them all at commit. */
export class InMemoryPaymentStore implements PaymentStore {
  private readonly inbox = new Set<string>();
  private readonly rows: Charge[] = [];
  private readonly outbox: { position: number; message: Message; published: boolean }[] = [];

  async inTransaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    const claimed = new Set<string>();
    const charges: Charge[] = [];
    const messages: Message[] = [];
    const result = await work({
      claim: async (id) => {
        if (this.inbox.has(id) || claimed.has(id)) return false;
        claimed.add(id);
        return true;
      },
      insertCharge: async (charge) => {
        charges.push(charge);
      },
      enqueue: async (message) => {
        messages.push(message);
      },
    });
    for (const id of claimed) this.inbox.add(id);
    this.rows.push(...charges);
    for (const message of messages)
      this.outbox.push({ position: this.outbox.length + 1, message, published: false });
    return result;
  }

  async charges(): Promise<Charge[]> {
    return [...this.rows].sort((a, b) => a.paymentId.localeCompare(b.paymentId));
  }

  async unpublished() {
    return this.outbox
      .filter((row) => !row.published)
      .map(({ position, message }) => ({ position, message }));
  }

  async markPublished(positions: readonly number[]): Promise<void> {
    for (const row of this.outbox) if (positions.includes(row.position)) row.published = true;
  }
}
