import { EventspecUsageError } from '../errors/eventspec-error.js';
import { isThenable } from './injected-faults.js';

/**
 * Runs a user callback other than `handle`, awaiting it if it returns a promise: it must not fail, so a
 * throw or a rejection is a clear usage error, not a nack.
 */
export async function outside<T>(
  what: string,
  callback: () => T | PromiseLike<T>,
  timeout?: number,
): Promise<T> {
  return outsideNow(what, callback, timeout);
}

/**
 * `outside` without a promise when the callback returns none: its value at once, else the promise `outside`
 * would give (a run awaits only callbacks that are asynchronous).
 */
export function outsideNow<T>(
  what: string,
  callback: () => T | PromiseLike<T>,
  timeout?: number,
): T | Promise<T> {
  let result: T | PromiseLike<T>;
  try {
    result = callback();
  } catch (error) {
    throw callbackFailure(what, error);
  }
  return isThenable(result) ? awaited(what, result, timeout) : result;
}

async function awaited<T>(what: string, result: PromiseLike<T>, timeout: number | undefined): Promise<T> {
  try {
    if (timeout === undefined) return await result;
    const bound = Math.max(callbackTimeoutMs, timeout * 10);
    const settled = await settleWithin(result, bound);
    if (settled === 'timed-out') {
      throw new EventspecUsageError(
        'EVENTSPEC_DELIVERY_CALLBACK_TIMEOUT',
        `checkDelivery ${what} did not settle within ${bound} ms; it must resolve (look for a missing resolve or ` +
          'a connection that never opens), or raise `timeout`: these may take ten times it, and at least 1 s.',
      );
    }
    if (settled.failed) throw settled.error;
    return settled.value as T;
  } catch (error) {
    throw callbackFailure(what, error);
  }
}

/** Marks a callback that returned a promise where a synchronous run expected a value. */
export const notSynchronous: unique symbol = Symbol('not synchronous');

/**
 * `outside` for a synchronous run: the callback's value, or `notSynchronous` when it returned a promise
 * (left to settle on its own, its rejection swallowed: the run is abandoned and done again asynchronously).
 */
export function outsideSync<T>(what: string, callback: () => T | PromiseLike<T>): T | typeof notSynchronous {
  let result: T | PromiseLike<T>;
  try {
    result = callback();
  } catch (error) {
    throw callbackFailure(what, error);
  }
  if (!isThenable(result)) return result;
  abandon(result);
  return notSynchronous;
}

/** Lets a promise of an abandoned synchronous run settle without an unhandled rejection. */
export function abandon(result: PromiseLike<unknown>): void {
  result.then(undefined, () => {});
}

function callbackFailure(what: string, error: unknown): EventspecUsageError {
  if (error instanceof EventspecUsageError) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new EventspecUsageError(
    'EVENTSPEC_DELIVERY_CALLBACK_FAILED',
    `checkDelivery ${what} threw ${reason}. Only handle() may throw (that nacks the delivery); ` +
      'setup, crashPoints and observe must build and read the world without failing.',
    { cause: error },
  );
}

/** The least time setup, observe and restart may take; else ten times the handler's `timeout`. */
const callbackTimeoutMs = 1000;

/** Waits for a delivery's promise, up to `timeout` milliseconds. */
export function settleWithin(
  result: PromiseLike<unknown>,
  timeout: number,
): Promise<{ failed: boolean; error?: unknown; value?: unknown } | 'timed-out'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed-out'), timeout);
    result.then(
      (value) => {
        clearTimeout(timer);
        resolve({ failed: false, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ failed: true, error });
      },
    );
  });
}
