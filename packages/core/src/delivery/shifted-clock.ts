const dayMs = 86_400_000;

/**
 * Runs `body` with `Date.now()` and `new Date()` a day ahead, so that a handler which reads the wall clock
 * gives a different result than it did in the first reference run. Dates made by `body` stay real Dates.
 */
export async function withShiftedClock<T>(body: () => Promise<T>): Promise<T> {
  const RealDate = globalThis.Date;
  const now = () => RealDate.now() + dayMs;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args: unknown[]) =>
      args.length === 0 ? new target(now()) : new target(...(args as [number])),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
  try {
    return await body();
  } finally {
    globalThis.Date = RealDate;
  }
}
