import { scenario } from '@eventspec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type ReservationCommand, ReservationRejected, reservation, seatsPerTable } from '../src/index.js';

const reserve: ReservationCommand = {
  type: 'ReserveTable',
  reservationId: 'r-1',
  table: 4,
  guests: 2,
  at: '2024-07-01T19:30:00Z',
};

describe('reservation', () => {
  // #region first-spec
  test('a table is reserved for the guests', () => {
    scenario(reservation, { name: 'reservation' })
      .when(reserve)
      .then([
        {
          type: 'TableReserved',
          data: { reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' },
        },
      ]);
  });

  test('a table seats at most six', () => {
    scenario(reservation, { name: 'reservation' })
      .when({ ...reserve, guests: 9 })
      .thenError(ReservationRejected, 'a table seats 1 to 6 guests, not 9');
  });
  // #endregion first-spec

  // #region clock-spec
  test('a cancellation records when it happened', () => {
    scenario(reservation, { name: 'reservation' })
      .at('2024-07-01T12:00:00Z')
      .given([
        {
          type: 'TableReserved',
          data: { reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' },
        },
      ])
      .when({ type: 'CancelReservation', reservationId: 'r-1' })
      .then([
        {
          type: 'ReservationCancelled',
          data: { reservationId: 'r-1', cancelledAt: '2024-07-01T12:00:00.000Z' },
        },
      ]);
  });
  // #endregion clock-spec

  // #region invariant
  test('a reserved table never seats more guests than it has seats, whatever commands arrive', () => {
    const commands: fc.Arbitrary<ReservationCommand> = fc.oneof(
      fc.record({
        type: fc.constant('ReserveTable' as const),
        reservationId: fc.constant('r-1'),
        table: fc.integer({ min: 1, max: 9 }),
        guests: fc.integer({ min: -1, max: 12 }),
        at: fc.constant('2024-07-01T19:30:00Z'),
      }),
      fc.constant({ type: 'CancelReservation' as const, reservationId: 'r-1' }),
    );
    scenario(reservation, { name: 'reservation' }).invariant(
      'guests fit the table',
      (state) => state.status !== 'reserved' || (state.guests! >= 1 && state.guests! <= seatsPerTable),
      { commands, runs: 200 },
    );
  });
  // #endregion invariant

  // #region matcher
  test('plain expect has eventspec matchers too', () => {
    const events = [reservation.decide(reserve, { status: 'none' }, { now: () => new Date() })].flat();
    expect(events).toEmitTypes(['TableReserved']);
  });
  // #endregion matcher
});
