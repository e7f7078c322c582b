import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/**
 * Polls `probe` every `intervalMs` until it returns true; after `timeoutMs` fails with
 * `EVENTSPEC_BROKER_NOT_READY` carrying the probe's last error.
 */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message.split('\n')[0]}` : '';
      throw new BrokerError(
        BrokerErrorCode.NotReady,
        `${options.what} was not ready after ${options.timeoutMs} ms${reason}.`,
        { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
