/** A value now, or later. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** Whether `value` is a promise or another thenable. */
export function isThenable<T>(value: MaybePromise<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Calls `next` with `value` right away when it is already there, or once it resolves: so that a sync
 * decider's scenario stays synchronous and an async one returns a promise.
 */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

/** Runs `step` for each item in order, waiting only when a step returns a promise. */
export function forEachInOrder<T>(
  items: readonly T[],
  step: (item: T, index: number) => MaybePromise<void>,
): MaybePromise<void> {
  for (let i = 0; i < items.length; i++) {
    const done = step(items[i] as T, i);
    if (isThenable(done)) {
      return Promise.resolve(done).then(() =>
        forEachInOrder(items.slice(i + 1), (item, j) => step(item, i + 1 + j)),
      );
    }
  }
  return undefined;
}

/** Calls `attempt`, turning a throw or a rejection into a settled outcome; sync stays sync. */
export function settle<T>(attempt: () => MaybePromise<T>): MaybePromise<Settled<T>> {
  try {
    const value = attempt();
    if (!isThenable(value)) return { ok: true, value };
    return Promise.resolve(value).then(
      (resolved): Settled<T> => ({ ok: true, value: resolved }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
  } catch (error) {
    return { ok: false, error };
  }
}

/** The outcome of {@link settle}. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
