/**
 * 1 day 12 h 7 min 13.457 s: not a whole number of days, hours, minutes or seconds, so a handler reading the
 * hour of the day, the weekday or the milliseconds sees them change (a whole day hid time-of-day bugs).
 */
export const clockShiftMs: number = ((36 * 60 + 7) * 60 + 13) * 1000 + 457;
let shifted = 0;
let realDate: DateConstructor = globalThis.Date;

/**
 * Runs `body` with `Date.now()` and `new Date()` 1 day 12 h 7 min 13.457 s ahead, so that a handler which reads the wall clock
 * gives a different result than it did in the first reference run. Dates made by `body` stay real Dates.
 * Overlapping calls (checks running concurrently) share one shift, and the real clock comes back after the last.
 */
export async function withShiftedClock<T>(body: () => Promise<T>): Promise<T> {
  if (shifted++ === 0) {
    realDate = globalThis.Date;
    globalThis.Date = shiftedDate(realDate);
  }
  try {
    return await body();
  } finally {
    if (--shifted === 0) globalThis.Date = realDate;
  }
}

function shiftedDate(RealDate: DateConstructor): DateConstructor {
  const now = () => RealDate.now() + clockShiftMs;
  return new Proxy(RealDate, {
    construct: (target, args: unknown[]) =>
      args.length === 0 ? new target(now()) : new target(...(args as [number])),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
