import { checkDelivery } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { confirmNaively, confirmOnce, Mailbox, type ReservationMessage } from '../src/index.js';

const reserved = (n: number): ReservationMessage => ({
  id: `m-${n}`,
  type: 'TableReserved',
  key: `r-${n}`,
  data: { reservationId: `r-${n}`, table: n, guests: 2, at: '2024-07-01T19:30:00Z' },
});
const messages = [reserved(1), reserved(2), reserved(3)];

describe('the confirmation sender under real delivery', () => {
  // #region delivery-naive
  test('sending a mail per delivery sends duplicates', async () => {
    await expect(
      checkDelivery({
        messages,
        setup: () => ({ mailbox: new Mailbox() }),
        handle: ({ mailbox }, message) => confirmNaively(mailbox, message),
        observe: ({ mailbox }) => mailbox.sent,
        seed: 7,
        timelineDir: false,
      }),
    ).rejects.toMatchObject({ code: 'EVENTSPEC_DELIVERY_DUPLICATED_EFFECT' });
  });
  // #endregion delivery-naive

  // #region delivery-idempotent
  test('with the message id as the idempotency key, every fault gives the same mails', async () => {
    await checkDelivery({
      messages,
      setup: () => ({ mailbox: new Mailbox() }),
      handle: ({ mailbox }, message) => confirmOnce(mailbox, message),
      // Which mails were sent matters, not in which order: reservations of different tables are independent.
      observe: ({ mailbox }) => mailbox.sent.map((mail) => `${mail.to}: ${mail.subject}`).sort(),
      crashPoints: ({ mailbox }) => ({ mailbox }),
      faults: { reorder: 'any', concurrency: 2 },
    });
  });
  // #endregion delivery-idempotent
});
