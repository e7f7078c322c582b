import { EventspecError } from '../errors/eventspec-error.js';

/**
 * The time one real-broker run of `checkDelivery` may take (`broker.settleTimeout`): every call to the
 * broker (open, declare, subscribe, publish, close) races it, so a paused or unreachable broker ends the
 * run with `EVENTSPEC_DELIVERY_BROKER_STALLED` naming the call, never a hang.
 */
export class BrokerDeadline {
  readonly at: number;

  constructor(readonly timeout: number) {
    this.at = Date.now() + timeout;
  }

  /** Milliseconds left (0 once passed). */
  get left(): number {
    return Math.max(0, this.at - Date.now());
  }

  /** `call`'s result, or `EVENTSPEC_DELIVERY_BROKER_STALLED` when it has not settled by the deadline. */
  within<T>(what: string, call: () => T | PromiseLike<T>, timeout: number = this.left): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(stalledCall(what, this.timeout)), timeout);
      Promise.resolve()
        .then(call)
        .then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
    });
  }
}

function stalledCall(what: string, timeout: number): EventspecError {
  return new EventspecError(
    'EVENTSPEC_DELIVERY_BROKER_STALLED',
    `checkDelivery on a real broker: ${what} did not answer within ${timeout} ms (broker.settleTimeout). The ` +
      'broker is paused, unreachable or overloaded: check it, or raise `broker.settleTimeout` if it is only slow.',
    { actual: `${what} pending after ${timeout} ms`, expected: `${what} settled` },
  );
}
