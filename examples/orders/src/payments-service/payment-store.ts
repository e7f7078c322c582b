import type { Message } from '@eventspec/core';
import type { Charge } from '../consumers/payments-db.js';

/** What one transaction of the payment service may do; it all commits together, or none of it does. */
export interface PaymentTransaction {
  /** Records the message in the inbox; `false` when it was already there (a redelivery). */
  claim(messageId: string): Promise<boolean>;
  insertCharge(charge: Charge): Promise<void>;
  /** Puts a message in the outbox, to be published after the commit by the relay. */
  enqueue(message: Message): Promise<void>;
}

/** The payment service's storage: an inbox for idempotency, the charges, and an outbox. */
export interface PaymentStore {
  inTransaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T>;
  /** The charges, in a stable order. */
  charges(): Promise<Charge[]>;
  /** Outbox messages not yet published, oldest first. */
  unpublished(): Promise<{ position: number; message: Message }[]>;
  markPublished(positions: readonly number[]): Promise<void>;
}
