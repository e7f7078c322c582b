import type { Message } from '@eventspec/core';
import type { ReservationEvent } from './reservation.js';

/**
 * A mail service, as most transactional mail APIs are: a request with an idempotency key that was already
 * accepted is not sent again.
 */
export class Mailbox {
  readonly sent: { to: string; subject: string }[] = [];
  private readonly accepted = new Set<string>();

  async send(to: string, subject: string, idempotencyKey?: string): Promise<void> {
    if (idempotencyKey !== undefined) {
      if (this.accepted.has(idempotencyKey)) return;
      this.accepted.add(idempotencyKey);
    }
    this.sent.push({ to, subject });
  }
}

export type ReservationMessage = Message<
  Extract<ReservationEvent, { type: 'TableReserved' }>['data'],
  'TableReserved'
>;

// #region naive-consumer
/** Sends a confirmation for every delivery. */
export async function confirmNaively(mailbox: Mailbox, message: ReservationMessage): Promise<void> {
  await mailbox.send(`guest-${message.data.reservationId}`, `Table ${message.data.table} is yours`);
}
// #endregion naive-consumer

// #region idempotent-consumer
/** Sends one confirmation per message: the message id is the mail's idempotency key. */
export async function confirmOnce(mailbox: Mailbox, message: ReservationMessage): Promise<void> {
  await mailbox.send(
    `guest-${message.data.reservationId}`,
    `Table ${message.data.table} is yours`,
    message.id,
  );
}
// #endregion idempotent-consumer
