import { EventspecUsageError } from '../errors/eventspec-error.js';
import { isThenable } from './injected-faults.js';

/**
 * Runs a user callback other than `handle`, awaiting it if it returns a promise: it must not fail, so a
 * throw or a rejection is a clear usage error, not a nack.
 */
export async function outside<T>(what: string, callback: () => T | PromiseLike<T>): Promise<T> {
  try {
    const result = callback();
    return isThenable(result) ? await result : result;
  } catch (error) {
    if (error instanceof EventspecUsageError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_CALLBACK_FAILED',
      `checkDelivery ${what} threw ${reason}. Only handle() may throw (that nacks the delivery); ` +
        'setup, crashPoints and observe must build and read the world without failing.',
      { cause: error },
    );
  }
}

/** Waits for a delivery's promise, up to `timeout` milliseconds. */
export function settleWithin(
  result: PromiseLike<unknown>,
  timeout: number,
): Promise<{ failed: boolean; error?: unknown } | 'timed-out'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed-out'), timeout);
    result.then(
      () => {
        clearTimeout(timer);
        resolve({ failed: false });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ failed: true, error });
      },
    );
  });
}
