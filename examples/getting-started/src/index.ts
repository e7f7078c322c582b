export type { ReservationMessage } from './confirmations.js';
export { confirmNaively, confirmOnce, Mailbox } from './confirmations.js';
export type { Reservation, ReservationCommand, ReservationEvent } from './reservation.js';
export { ReservationRejected, reservation, seatsPerTable } from './reservation.js';
