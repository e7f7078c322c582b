import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import type { ReceivedMessage } from '../messages/broker-message.js';
import type { MessageLog, MessagePredicate, WaitForOptions } from '../messages/message-log.js';
import type { Subscription } from '../messages/subscription.js';

/**
 * What every test broker (`KafkaTestBroker`, `RabbitMqTestBroker`, `NatsTestBroker`, `RedisTestBroker`)
 * shares: reading what arrived (`waitFor`, `expectNoMessage`, `collect` over the {@link MessageLog} of a
 * source), the helpers' subscriptions, the clients handed to the test, and a `close()` that stops all of
 * it, drops the namespace and fails with `EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING` if the test left
 * clients open.
 */
export abstract class TestBroker<Source = string, Dropped = void> implements AsyncDisposable {
  /** Consumers the helpers started (`consume`, `observe`); stopped on close. */
  protected readonly subscriptions: Subscription[] = [];
  /** The record of each observed source, by name. */
  protected readonly logs: Map<string, Promise<MessageLog>> = new Map();
  readonly #open = new Map<object, { label: string; close: () => Promise<unknown> }>();

  /** Starts recording `source` if not already; `waitFor` and friends read this record. */
  abstract observe(source: Source): Promise<MessageLog>;

  /** Releases the broker's own resources and drops the namespace, once the test's clients are closed. */
  protected abstract release(): Promise<Dropped>;

  /** The sentence of the error for clients the test left open (`labels`), naming broker and namespace. */
  protected abstract leftOpenMessage(labels: readonly string[]): string;

  /** Resolves with the first `count` unseen messages of `source` matching `predicate`; see {@link MessageLog.waitFor}. */
  async waitFor<Data = unknown>(
    source: Source,
    predicate?: MessagePredicate<Data>,
    options?: WaitForOptions,
  ): Promise<ReceivedMessage<Data>[]> {
    return (await this.observe(source)).waitFor(predicate, options);
  }

  /** Fails if an unseen message (matching `predicate`) is on `source` or arrives within `within` ms. */
  async expectNoMessage(source: Source, within = 500, predicate?: MessagePredicate): Promise<void> {
    await (await this.observe(source)).expectNoMessage(within, predicate);
  }

  /** Every message of `source`, once none has arrived for `idleMs`. */
  async collect(
    source: Source,
    options?: { idleMs?: number; timeoutMs?: number },
  ): Promise<ReceivedMessage[]> {
    return (await this.observe(source)).collect(options);
  }

  /**
   * Closes the clients handed to the test, stops the helpers' consumers, releases the broker and drops
   * the namespace; then fails with `EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING` if the test left clients open.
   */
  async close(): Promise<Dropped> {
    const leftOpen = [...this.#open.values()];
    this.#open.clear();
    await Promise.allSettled(leftOpen.map((client) => client.close()));
    await Promise.allSettled(this.subscriptions.splice(0).map((subscription) => subscription.stop()));
    await Promise.allSettled(this.logs.values());
    const dropped = await this.release();
    if (leftOpen.length > 0) {
      const labels = leftOpen.map((client) => client.label);
      throw new BrokerError(BrokerErrorCode.ConsumersLeftRunning, this.leftOpenMessage(labels), {
        actual: labels,
        expected: [],
      });
    }
    return dropped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Marks a client handed to the test as open: still open at close, it fails the test. */
  protected markOpen(client: object, label: string, close: () => Promise<unknown>): void {
    this.#open.set(client, { label, close });
  }

  /** Marks a client handed to the test as closed by the test. */
  protected markClosed(client: object): void {
    this.#open.delete(client);
  }

  /** How many clients handed to the test are open. */
  protected get openClients(): number {
    return this.#open.size;
  }
}
