import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import {
  type BrokerCall,
  brokerCall,
  DEFAULT_CALL_TIMEOUT_MS,
  connectionLost as lostError,
  mapBrokerError,
} from '../faults/broker-call.js';
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
  /** How long each call waits for the broker before `EVENTSPEC_BROKER_NOT_ANSWERING`. */
  protected callTimeout: number = DEFAULT_CALL_TIMEOUT_MS;
  #lost: unknown;
  #closing = false;
  #onLost: ((cause: unknown) => void) | undefined;
  /** Rejects with the cause once the helpers' connection to the broker is lost. */
  readonly #lostSignal: Promise<never> = new Promise<never>((_, reject) => {
    this.#onLost = reject;
  });

  constructor() {
    this.#lostSignal.catch(() => undefined);
  }

  /** The broker in words for errors, e.g. `RabbitMQ at 127.0.0.1:5672 (vhost es_…)`. */
  protected describeBroker(): string {
    return 'the broker';
  }

  /** Resolves with why the broker is down (refuses connections), or `undefined` if it may only be slow. */
  protected brokerDown(): Promise<unknown> {
    return Promise.resolve(undefined);
  }

  /** Whether the broker answers a trivial request within `ms` (a paused broker does not). */
  protected async brokerAnswers(_ms: number): Promise<boolean> {
    return true;
  }

  /** Subclasses call this when the helpers' connection closes under the test (the broker died). */
  protected connectionLost(cause: unknown): void {
    if (this.#closing || this.#lost !== undefined) return;
    this.#lost = cause ?? new Error('connection closed by the broker');
    this.#onLost?.(this.#lost);
  }

  /** The deadline and words of a call named `operation` (e.g. `publish('orders')`). */
  protected callOf(operation: string, timeout: number = this.callTimeout): BrokerCall {
    return {
      operation: `${this.constructor.name}.${operation}`,
      timeout,
      broker: this.describeBroker(),
      lost: () => this.#lost,
      down: () => this.brokerDown(),
    };
  }

  /** Runs `run` against the broker within `timeout` ms, with eventspec's errors for a paused or dead broker. */
  protected call<T>(operation: string, run: () => T | PromiseLike<T>, timeout?: number): Promise<T> {
    return brokerCall(this.callOf(operation, timeout), run);
  }

  /**
   * `broker` with its `publish` and `subscribe` bounded by the call timeout and its errors (`settle`'s too)
   * in eventspec's words: for the core `Broker`s of clients that retry or wait on their own.
   */
  protected guarded<B extends { publish: unknown; subscribe: unknown; settle: unknown }>(
    broker: B,
    name: string,
  ): B {
    const methods = broker as unknown as Record<
      'publish' | 'subscribe' | 'settle',
      (...args: unknown[]) => Promise<unknown>
    >;
    const publish = methods.publish.bind(broker);
    const subscribe = methods.subscribe.bind(broker);
    const settle = methods.settle.bind(broker);
    methods.publish = (...args) => this.call(`${name}.publish()`, () => publish(...args));
    methods.subscribe = (...args) => this.call(`${name}.subscribe()`, () => subscribe(...args));
    methods.settle = (...args) =>
      settle(...args).catch((error: unknown) => {
        throw mapBrokerError(this.callOf(`${name}.settle()`), error);
      });
    return broker;
  }

  /** A step of closing that never hangs the test: `ms` at most, errors ignored (the broker may be gone). */
  protected async quietly(step: () => unknown, ms = 2000): Promise<void> {
    // A dead connection's clients may never settle their close: do not wait for them.
    if (this.#lost !== undefined) {
      void Promise.resolve()
        .then(step)
        .catch(() => undefined);
      return;
    }
    await brokerCall({ ...this.callOf('close()', ms), lost: undefined, down: undefined }, step).catch(
      () => undefined,
    );
  }

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
    options: WaitForOptions = {},
  ): Promise<ReceivedMessage<Data>[]> {
    // The clock starts now, not once the source is observed: a paused broker cannot stretch it.
    const since = Date.now();
    const operation = `waitFor(${label(source)})`;
    const log = await this.call(operation, () => this.observe(source), options.timeout ?? 10_000);
    try {
      return await this.#whileConnected(operation, log.waitFor(predicate, { ...options, since }));
    } catch (error) {
      throw await this.#withBrokerState(error);
    }
  }

  /** Fails if an unseen message (matching `predicate`) is on `source` or arrives within `within` ms. */
  async expectNoMessage(source: Source, within = 500, predicate?: MessagePredicate): Promise<void> {
    const operation = `expectNoMessage(${label(source)})`;
    const log = await this.call(operation, () => this.observe(source));
    await this.#whileConnected(operation, log.expectNoMessage(within, predicate));
  }

  /** Every message of `source`, once none has arrived for `idleMs`. */
  async collect(
    source: Source,
    options?: { idleMs?: number; timeoutMs?: number },
  ): Promise<ReceivedMessage[]> {
    const operation = `collect(${label(source)})`;
    const log = await this.call(operation, () => this.observe(source));
    return this.#whileConnected(operation, log.collect(options));
  }

  /** `waiting`, failing at once with `EVENTSPEC_BROKER_CONNECTION_LOST` if the broker dies meanwhile. */
  async #whileConnected<T>(operation: string, waiting: Promise<T>): Promise<T> {
    try {
      return await Promise.race([waiting, this.#lostSignal]);
    } catch (error) {
      throw mapBrokerError(this.callOf(operation), error);
    }
  }

  /** A wait timeout that also says whether the broker still answers: "nothing came" is not "broker frozen". */
  async #withBrokerState(error: unknown): Promise<unknown> {
    if (!(error instanceof BrokerError) || error.code !== BrokerErrorCode.WaitTimeout) return error;
    const [down, answers] = await Promise.all([
      this.brokerDown().catch(() => undefined),
      this.brokerAnswers(500).catch(() => false),
    ]);
    if (down !== undefined) return lostError(this.callOf('waitFor()'), down);
    if (answers) return error;
    return new BrokerError(
      BrokerErrorCode.WaitTimeout,
      `${error.message}\n${this.describeBroker()} is not answering (no reply within 500 ms): it is paused, ` +
        'overloaded, or the network to it is cut; the messages may be stuck there.',
      { cause: error, actual: error.actual, expected: error.expected },
    );
  }

  /**
   * Closes the clients handed to the test, stops the helpers' consumers, releases the broker and drops
   * the namespace; then fails with `EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING` if the test left clients open.
   */
  async close(): Promise<Dropped> {
    const leftOpen = [...this.#open.values()];
    this.#open.clear();
    this.#closing = true;
    // One deadline for all of it: on a paused or dead broker close() fails with the broker's state within
    // the call timeout, never hangs (what it could not delete, this process's watchdog deletes at exit).
    const deadline = Date.now() + this.callTimeout;
    const step = () => Math.max(1, Math.min(2000, deadline - Date.now()));
    await Promise.allSettled(leftOpen.map((client) => this.quietly(() => client.close(), step())));
    const stops = this.subscriptions.splice(0);
    await Promise.allSettled(stops.map((subscription) => this.quietly(() => subscription.stop(), step())));
    await Promise.allSettled([...this.logs.values()].map((log) => this.quietly(() => log, step())));
    const left = Math.max(1, deadline - Date.now());
    const dropped = await brokerCall({ ...this.callOf('close()', left), lost: undefined }, () =>
      this.release(),
    );
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

function label(source: unknown): string {
  if (typeof source === 'string') return `'${source}'`;
  const exchange = (source as { exchange?: unknown } | null)?.exchange;
  return typeof exchange === 'string' ? `exchange '${exchange}'` : String(source);
}
