import type { SyncDecider } from '@eventspec/core';

// #region messages
export type ReservationCommand =
  | { type: 'ReserveTable'; reservationId: string; table: number; guests: number; at: string }
  | { type: 'CancelReservation'; reservationId: string };

export type ReservationEvent =
  | { type: 'TableReserved'; data: { reservationId: string; table: number; guests: number; at: string } }
  | { type: 'ReservationCancelled'; data: { reservationId: string; cancelledAt: string } };
// #endregion messages

export interface Reservation {
  status: 'none' | 'reserved' | 'cancelled';
  table?: number;
  guests?: number;
}

/** A reservation cannot be made or changed the way the command asks. */
export class ReservationRejected extends Error {
  override name = 'ReservationRejected';
}

/** The most guests a table seats. */
export const seatsPerTable = 6;

// #region decider
export const reservation: SyncDecider<ReservationCommand, ReservationEvent, Reservation> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state, { now }) {
    switch (command.type) {
      case 'ReserveTable': {
        if (state.status !== 'none')
          throw new ReservationRejected(`reservation ${command.reservationId} exists`);
        if (command.guests < 1 || command.guests > seatsPerTable) {
          throw new ReservationRejected(`a table seats 1 to ${seatsPerTable} guests, not ${command.guests}`);
        }
        const { reservationId, table, guests, at } = command;
        return { type: 'TableReserved', data: { reservationId, table, guests, at } };
      }
      case 'CancelReservation':
        if (state.status !== 'reserved') return [];
        return {
          type: 'ReservationCancelled',
          data: { reservationId: command.reservationId, cancelledAt: now().toISOString() },
        };
    }
  },
  evolve: (state, event) =>
    event.type === 'TableReserved'
      ? { status: 'reserved', table: event.data.table, guests: event.data.guests }
      : { ...state, status: 'cancelled' },
};
// #endregion decider
