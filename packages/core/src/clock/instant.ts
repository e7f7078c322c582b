import { EventspecUsageError } from '../errors/eventspec-error.js';

/** A point in time: a Date, epoch milliseconds, or an ISO-8601 string such as `'2024-05-01T10:00:00Z'`. */
export type Instant = Date | number | string;

/** The epoch milliseconds of `instant`; a clear error for one that is not a valid time. */
export function toEpochMs(instant: Instant, where = 'an instant'): number {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isFinite(ms)) return ms;
  throw new EventspecUsageError(
    'EVENTSPEC_CLOCK_BAD_INSTANT',
    `${where} got ${JSON.stringify(instant)}, which is not a point in time. ` +
      `Pass a valid Date, epoch milliseconds, or an ISO-8601 string such as '2024-05-01T10:00:00Z'.`,
  );
}
