/** What a call on a crash point throws when the plan fails it before it runs: nothing happened. */
export class InjectedFailure extends Error {
  override name = 'InjectedFailure';
  constructor(readonly label: string) {
    super(`eventspec injected a failure before ${label}() ran (checkDelivery faults.failBefore)`);
  }
}

/**
 * What a call on a crash point throws when the plan crashes the consumer after it ran: the effect happened,
 * the ack never will. Every later call of the same delivery throws it too (the process is gone).
 */
export class DeliveryCrash extends Error {
  override name = 'DeliveryCrash';
  constructor(readonly label: string) {
    super(`eventspec crashed the consumer after ${label}() ran (checkDelivery faults.crashAfter)`);
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
