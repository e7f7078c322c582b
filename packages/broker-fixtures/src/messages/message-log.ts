import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { ReceivedMessage } from './broker-message.js';
import { describeMessages } from './describe-messages.js';

/** Options of {@link MessageLog.waitFor}. */
export interface WaitForOptions {
  /** @default 10000 */
  timeout?: number;
  /** How many matching messages to wait for. @default 1 */
  count?: number;
  /** When the wait began (`Date.now()`): the timeout counts from there. @default now */
  since?: number;
}

/** A message predicate; `undefined` matches every message. */
export type MessagePredicate<Data = unknown> = (message: ReceivedMessage<Data>) => boolean;

/**
 * Everything observed on one topic or queue during a test, with a read cursor like a test probe's
 * mailbox: `waitFor` marks what it returns as seen, `expectNoMessage` fails on anything unseen.
 */
export class MessageLog {
  readonly destination: string;
  readonly #messages: ReceivedMessage[] = [];
  readonly #seen = new Set<ReceivedMessage>();
  readonly #listeners = new Set<() => void>();

  constructor(destination: string) {
    this.destination = destination;
  }

  /** Every message observed so far, in arrival order. */
  get messages(): readonly ReceivedMessage[] {
    return this.#messages;
  }

  push(message: ReceivedMessage): void {
    this.#messages.push(message);
    for (const listener of this.#listeners) listener();
  }

  /** Marks everything observed so far as seen (`'latest'`) or nothing (`'earliest'`). */
  seek(to: 'earliest' | 'latest'): void {
    this.#seen.clear();
    if (to === 'latest') for (const message of this.#messages) this.#seen.add(message);
  }

  /** Forgets every message (after a purge). */
  clear(): void {
    this.#messages.length = 0;
    this.#seen.clear();
  }

  /**
   * Resolves with the first `count` unseen messages matching `predicate` (marking them seen) as soon as
   * they have arrived; fails with `EVENTSPEC_BROKER_WAIT_TIMEOUT` listing what did arrive otherwise.
   */
  async waitFor<Data = unknown>(
    predicate?: MessagePredicate<Data>,
    options: WaitForOptions = {},
  ): Promise<ReceivedMessage<Data>[]> {
    const timeout = options.timeout ?? 10_000;
    const count = options.count ?? 1;
    const matches = () =>
      this.#messages.filter(
        (message) => !this.#seen.has(message) && (predicate?.(message as ReceivedMessage<Data>) ?? true),
      ) as ReceivedMessage<Data>[];
    const left = timeout - (Date.now() - (options.since ?? Date.now()));
    const found = await this.#until(() => matches().length >= count, left);
    const result = matches();
    if (!found) {
      throw new BrokerError(
        BrokerErrorCode.WaitTimeout,
        `waitFor('${this.destination}') timed out after ${timeout} ms: ${result.length} of ${count} ` +
          `matching message${count === 1 ? '' : 's'} arrived.\n${describeMessages(this.destination, this.#messages, this.#seen)}`,
        { actual: this.#messages.map(summary), expected: `${count} message(s) matching the predicate` },
      );
    }
    const taken = result.slice(0, count);
    for (const message of taken) this.#seen.add(message as ReceivedMessage);
    return taken;
  }

  /** Fails with `EVENTSPEC_BROKER_UNEXPECTED_MESSAGE` if an unseen (matching) message is or arrives within `within` ms. */
  async expectNoMessage(within: number, predicate?: MessagePredicate): Promise<void> {
    const unexpected = () =>
      this.#messages.filter((message) => !this.#seen.has(message) && (predicate?.(message) ?? true));
    await this.#until(() => unexpected().length > 0, within);
    const found = unexpected();
    if (found.length > 0) {
      throw new BrokerError(
        BrokerErrorCode.UnexpectedMessage,
        `expectNoMessage('${this.destination}', ${within}) received ${found.length} message(s) it did not ` +
          `expect.\n${describeMessages(this.destination, this.#messages, this.#seen)}`,
        { actual: found.map(summary), expected: [] },
      );
    }
  }

  /** Resolves with every message once none has arrived for `idleMs` (or after `timeoutMs`). */
  async collect(options: { idleMs?: number; timeoutMs?: number } = {}): Promise<ReceivedMessage[]> {
    const idleMs = options.idleMs ?? 500;
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let size = -1;
    while (size !== this.#messages.length && Date.now() < deadline) {
      size = this.#messages.length;
      await this.#until(() => this.#messages.length !== size, Math.min(idleMs, deadline - Date.now()));
    }
    return [...this.#messages];
  }

  #until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const listener = () => {
        if (!condition()) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(result);
      };
      this.#listeners.add(listener);
    });
  }
}

function summary(message: ReceivedMessage): unknown {
  return message.key === undefined ? message.data : { key: message.key, data: message.data };
}
