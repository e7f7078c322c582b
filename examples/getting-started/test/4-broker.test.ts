import { InMemoryTopicBroker } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { confirmOnce, Mailbox, type ReservationMessage } from '../src/index.js';

describe('the confirmation sender on a broker', () => {
  // #region broker
  test('subscribed to the reservations topic, it confirms each reservation once, redeliveries included', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 3 });
    const mailbox = new Mailbox();
    let failures = 1;
    await broker.subscribe({
      source: 'reservations',
      group: 'confirmations',
      handler: async (message) => {
        await confirmOnce(mailbox, message as ReservationMessage);
        if (failures-- > 0) throw new Error('the ack was lost'); // the broker delivers it again
      },
    });
    await broker.publish('reservations', [
      {
        id: 'm-1',
        type: 'TableReserved',
        key: 'r-1',
        data: { reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' },
      },
      {
        id: 'm-2',
        type: 'TableReserved',
        key: 'r-2',
        data: { reservationId: 'r-2', table: 5, guests: 3, at: '2024-07-01T20:00:00Z' },
      },
    ]);
    await broker.settle();
    expect(mailbox.sent).toEqual([
      { to: 'guest-r-1', subject: 'Table 4 is yours' },
      { to: 'guest-r-2', subject: 'Table 5 is yours' },
    ]);
  });
  // #endregion broker
});
