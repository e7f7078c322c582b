import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { connectionLost, isConnectionGone } from '../faults/broker-call.js';

/**
 * A `Broker.settle()` body: polls `behind` (what is still unhandled, one line each) until it is empty;
 * after `timeout` fails with `EVENTSPEC_BROKER_SETTLE_TIMEOUT` (as `Broker.settle` documents) naming what is
 * still behind, or that the broker did not answer.
 */
export async function settleWhen(
  behind: () => Promise<string[]>,
  options: { timeout: number; broker: string },
): Promise<void> {
  const deadline = Date.now() + options.timeout;
  let last: string[] = [];
  for (;;) {
    // Each question bounded by what is left: a paused broker cannot hold settle() past its timeout.
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<string[]>((resolve) => {
      timer = setTimeout(
        () => resolve(['(the broker did not answer: paused, overloaded, or the network is cut)']),
        Math.max(1, deadline - Date.now()),
      );
    });
    last = await Promise.race([
      behind().catch((error: unknown) => {
        // A dead broker fails at once, saying so, rather than after the timeout.
        if (isConnectionGone(error))
          throw connectionLost(
            { operation: `${options.broker}.settle()`, timeout: options.timeout, broker: options.broker },
            error,
          );
        return [`(could not ask the broker: ${(error as Error).message})`];
      }),
      unanswered,
    ]);
    clearTimeout(timer);
    if (last.length === 0) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new BrokerError(
    BrokerErrorCode.SettleTimeout,
    `${options.broker}.settle() waited ${options.timeout} ms and messages are still unhandled: ${last.join(', ')}. ` +
      'A handler may hang or keep failing; pass a longer { timeout } if it is just slow.',
    { actual: last, expected: [] },
  );
}
