import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * A `Broker.settle()` body: polls `behind` (what is still unhandled, one line each) until it is empty;
 * after `timeout` fails with `EVENTSPEC_BROKER_WAIT_TIMEOUT` naming what is still behind.
 */
export async function settleWhen(
  behind: () => Promise<string[]>,
  options: { timeout: number; broker: string },
): Promise<void> {
  const deadline = Date.now() + options.timeout;
  let last: string[] = [];
  for (;;) {
    last = await behind().catch((error: unknown) => [
      `(could not ask the broker: ${(error as Error).message})`,
    ]);
    if (last.length === 0) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new BrokerError(
    BrokerErrorCode.WaitTimeout,
    `${options.broker}.settle() waited ${options.timeout} ms and messages are still unhandled: ${last.join(', ')}. ` +
      'A handler may hang or keep failing; pass a longer { timeout } if it is just slow.',
    { actual: last, expected: [] },
  );
}
