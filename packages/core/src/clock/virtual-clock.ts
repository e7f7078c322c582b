import { type Duration, toMilliseconds } from './duration.js';
import { type Instant, toEpochMs } from './instant.js';

/** Where every virtual clock starts unless told otherwise, so that specs are deterministic. */
export const defaultStartInstant: Date = new Date('2024-01-01T00:00:00.000Z');

/** A clock that moves only when told to: what specs hand to code that asks for the time. */
export class VirtualClock {
  private epochMs: number;

  constructor(start: Instant = defaultStartInstant) {
    this.epochMs = toEpochMs(start, 'new VirtualClock()');
  }

  /** The current virtual time, as a new Date. */
  now(): Date {
    return new Date(this.epochMs);
  }

  /** The current virtual time in epoch milliseconds. */
  nowMs(): number {
    return this.epochMs;
  }

  /** Moves the clock forward by `duration`. */
  advanceBy(duration: Duration): void {
    this.epochMs += toMilliseconds(duration, 'advanceBy()');
  }

  /** Sets the clock to `instant`, which may lie in the past (a clock correction). */
  set(instant: Instant): void {
    this.epochMs = toEpochMs(instant, 'set()');
  }
}
