import type { MessageHandler, SubscribeOptions } from '@eventspec/core';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';

/** How long `close()` waits for the handler calls in flight before it closes anyway. */
export const DEFAULT_CLOSE_GRACE_MS = 5000;

/** One handler call running now: which subscription, which message, since when. */
export interface HandlerCall {
  source: string;
  group: string | undefined;
  /** The handler function's name, when it has one. */
  handler: string;
  messageId: string;
  attempt: number;
  since: number;
}

/**
 * The handler calls a broker has running, so that `close()` waits for them, but only for a grace period,
 * and then names the calls that never settled instead of hanging with them.
 */
export class InFlightHandlers {
  readonly #calls = new Set<HandlerCall>();
  #idle: (() => void)[] = [];

  /**
   * `options` with each call of its handler tracked while it runs, and `forget()` for a crashed subscription:
   * its calls are abandoned, as a killed process's are, and no longer waited for.
   */
  track<O extends SubscribeOptions>(options: O): { options: O; forget: () => void } {
    const { handler, source, group } = options;
    const mine = new Set<HandlerCall>();
    const tracked: MessageHandler = (message, delivery) => {
      const call: HandlerCall = {
        source,
        group,
        handler: handler.name,
        messageId: message.id,
        attempt: delivery.attempt,
        since: Date.now(),
      };
      this.#calls.add(call);
      mine.add(call);
      return Promise.resolve()
        .then(() => handler(message, delivery))
        .finally(() => {
          mine.delete(call);
          this.#done(call);
        });
    };
    const forget = () => {
      for (const call of mine) this.#done(call);
      mine.clear();
    };
    return { options: { ...options, handler: tracked }, forget };
  }

  /**
   * Waits for `stopping` (the subscriptions stopping) and for every handler call to settle, at most
   * `graceMs`; resolves with the calls still running then (none: all settled).
   */
  async settleWithin(stopping: Promise<unknown>, graceMs: number): Promise<HandlerCall[]> {
    const idle = new Promise<void>((resolve) => {
      if (this.#calls.size === 0) resolve();
      else this.#idle.push(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), graceMs);
    });
    const settled = await Promise.race([Promise.all([stopping, idle]).then(() => 'settled'), expired]);
    clearTimeout(timer);
    return settled === 'expired' ? [...this.#calls] : [];
  }

  #done(call: HandlerCall): void {
    this.#calls.delete(call);
    if (this.#calls.size > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/** `EVENTSPEC_BROKER_HANDLER_UNSETTLED`: `close()` stopped waiting for handler calls and closed anyway. */
export function handlersUnsettled(
  operation: string,
  calls: readonly HandlerCall[],
  graceMs: number,
): BrokerError {
  const now = Date.now();
  const described = calls.map(
    (c) =>
      `the handler${c.handler ? ` ${c.handler}()` : ''} of "${c.source}"${c.group === undefined ? '' : ` (group "${c.group}")`} ` +
      `on message "${c.messageId}" (attempt ${c.attempt}), running for ${now - c.since} ms`,
  );
  return new BrokerError(
    BrokerErrorCode.HandlerUnsettled,
    `${operation}: ${calls.length === 1 ? 'a handler call' : `${calls.length} handler calls`} did not settle within ` +
      `${graceMs} ms: ${described.join('; ')}. close() stopped waiting and closed the broker anyway; what was in ` +
      'flight is not acknowledged, so the broker will deliver it again. A handler must resolve or throw: look for ' +
      'an await in it that never resolves (a promise nobody resolves, a call without a timeout), or let it ' +
      'finish before close(); pass close({ timeout }) to wait longer.',
    { actual: described, expected: [] },
  );
}
