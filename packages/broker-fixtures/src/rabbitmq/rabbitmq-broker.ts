import type {
  ExchangeType,
  Message,
  QueueBroker,
  QueueOptions,
  SubscribeOptions,
  Subscription,
} from '@eventspec/core';
import { MessageRejected } from '@eventspec/core';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { BrokerError } from '../errors/broker-error.js';
import { BrokerErrorCode } from '../errors/broker-error-codes.js';
import { type BrokerCall, brokerCall, DEFAULT_CALL_TIMEOUT_MS } from '../faults/broker-call.js';
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import {
  DEFAULT_CLOSE_GRACE_MS,
  handlersUnsettled,
  InFlightHandlers,
} from '../messages/in-flight-handlers.js';
import { fromAmqpDelivery, toAmqpPublish } from './amqp-message.js';

interface Running {
  queue: string;
  subscription: Subscription;
  inFlight: () => number;
  /** Stops the deliveries (the channel stays open for the acks of what is in flight). */
  cancel: () => Promise<void>;
}

/**
 * core's `QueueBroker` on a real RabbitMQ, inside one test's vhost: a handler test written against
 * `InMemoryQueueBroker` runs here unchanged. A handler that throws is nacked and requeued (RabbitMQ
 * redelivers it, `redelivered` set); after `maxAttempts` or a `MessageRejected` it is rejected without
 * requeue, so the queue's dead-letter exchange gets it. Get one from `rabbitmq.broker()` in a test.
 */
export class RabbitMqBroker implements QueueBroker {
  readonly model = 'queue' as const;
  readonly #connection: ChannelModel;
  readonly #channel: Promise<ConfirmChannel>;
  readonly #running: Running[] = [];
  readonly #handlers = new InFlightHandlers();
  readonly #exchanges = new Set<string>();
  readonly #queues = new Set<string>();

  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #timeout: number;
  readonly #describe: string;
  #lost: unknown;
  #closing = false;

  /**
   * `onClose` runs after `close()` stopped everything (e.g. to delete a vhost made for this broker);
   * `timeout`: how long each call waits for the broker (`EVENTSPEC_BROKER_NOT_ANSWERING` after it).
   */
  constructor(
    connection: ChannelModel,
    options: {
      onClose?: () => Promise<void>;
      /** @default 10000 */
      timeout?: number;
      /** The broker in words, for errors. @default 'RabbitMQ' */
      describe?: string;
    } = {},
  ) {
    this.#connection = connection;
    this.#onClose = options.onClose;
    this.#timeout = options.timeout ?? DEFAULT_CALL_TIMEOUT_MS;
    this.#describe = options.describe ?? 'RabbitMQ';
    connection.on('close', (error?: unknown) => {
      if (!this.#closing) this.#lost ??= error ?? new Error('connection closed by the broker');
    });
    this.#channel = connection.createConfirmChannel().then((channel) => {
      channel.on('error', () => undefined);
      return channel;
    });
    this.#channel.catch(() => undefined);
  }

  async declareExchange(exchange: string, type: ExchangeType): Promise<void> {
    await this.#call(`declareExchange('${exchange}')`, async () =>
      (await this.#channel).assertExchange(exchange, type, { durable: true }),
    );
    this.#exchanges.add(exchange);
  }

  async declareQueue(queue: string, options: QueueOptions = {}): Promise<void> {
    const args = options.deadLetterExchange ? { 'x-dead-letter-exchange': options.deadLetterExchange } : {};
    await this.#call(`declareQueue('${queue}')`, async () =>
      (await this.#channel).assertQueue(queue, { durable: true, arguments: args }),
    );
    this.#queues.add(queue);
  }

  async bindQueue(queue: string, exchange: string, pattern = ''): Promise<void> {
    await this.#call(`bindQueue('${queue}')`, async () =>
      (await this.#channel).bindQueue(queue, exchange, pattern),
    );
  }

  /**
   * Publishes persistent messages to an exchange declared here (routed by `message.key`) or, like the
   * in-memory broker, straight to the queue of that name; waits for the broker's confirms.
   */
  async publish(
    destination: string,
    messages: readonly Message[],
    options: { /** @default the broker's timeout (10000) */ timeout?: number } = {},
  ): Promise<void> {
    await this.#call(
      `publish('${destination}')`,
      () => this.#publish(destination, messages),
      options.timeout,
    );
  }

  async #publish(destination: string, messages: readonly Message[]): Promise<void> {
    const channel = await this.#channel;
    const toExchange = this.#exchanges.has(destination);
    for (const message of messages) {
      const exchange = toExchange ? destination : '';
      const routingKey = toExchange ? message.key : destination;
      const { content, options } = toAmqpPublish(message);
      channel.publish(exchange, routingKey, content, options);
    }
    await channel.waitForConfirms();
  }

  /**
   * Consumes a queue on a channel of its own; the subscription's `crash()` closes that channel without
   * acknowledging what is in flight, and RabbitMQ requeues it (redelivered) for the next consumer.
   */
  async subscribe(options: SubscribeOptions): Promise<CrashableSubscription> {
    const tracked = this.#handlers.track(options);
    return this.#subscribe(tracked.options, tracked.forget);
  }

  async #subscribe(options: SubscribeOptions, forget: () => void): Promise<CrashableSubscription> {
    if (!this.#queues.has(options.source)) await this.declareQueue(options.source);
    const what = `subscribe('${options.source}')`;
    const channel = await this.#call(what, () => this.#connection.createChannel());
    channel.on('error', () => undefined);
    await this.#call(what, () => channel.prefetch(options.concurrency ?? 1));
    const maxAttempts = options.maxAttempts ?? 5;
    const attempts = new Map<string, number>();
    let inFlight = 0;
    // A crashed consumer is a dead process: nothing it had in flight is acked or nacked.
    let crashed = false;
    const { consumerTag } = await this.#call(what, () =>
      channel.consume(options.source, (delivery) => {
        if (!delivery) return;
        inFlight++;
        const message = fromAmqpDelivery(delivery);
        const attempt = (attempts.get(message.id) ?? 0) + 1;
        attempts.set(message.id, attempt);
        Promise.resolve()
          .then(() =>
            options.handler(message, {
              attempt,
              redelivered: delivery.fields.redelivered,
              deliveredAt: new Date(),
            }),
          )
          .then(
            () => {
              if (!crashed) channel.ack(delivery);
            },
            (error: unknown) => {
              if (crashed) return;
              channel.nack(delivery, false, attempt < maxAttempts && !(error instanceof MessageRejected));
            },
          )
          .catch(() => undefined)
          .finally(() => inFlight--);
      }),
    );
    const stop = () => this.#quietly(() => channel.close());
    const crash = async () => {
      crashed = true;
      forget();
      await stop();
    };
    const subscription: CrashableSubscription = {
      id: consumerTag,
      stop,
      crash,
      [Symbol.asyncDispose]: stop,
    };
    this.#running.push({
      queue: options.source,
      subscription,
      inFlight: () => (crashed ? 0 : inFlight),
      cancel: () => this.#quietly(() => channel.cancel(consumerTag)),
    });
    return subscription;
  }

  /**
   * Resolves once the subscribed queues are empty and no handler is running, twice in a row 20 ms apart;
   * rejects with `EVENTSPEC_BROKER_SETTLE_TIMEOUT` after `timeout` ms (also when the broker stops answering).
   */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 5000;
    const deadline = Date.now() + timeout;
    const call = this.#callOf('settle()', timeout);
    const channel = await brokerCall(call, () => this.#channel).catch((error) => {
      throw settleTimeout(timeout, error, []);
    });
    let quiet = 0;
    let pending: string[] = [];
    while (quiet < 2) {
      pending = [];
      for (const running of this.#running) {
        const left = Math.max(1, deadline - Date.now());
        const { messageCount } = await brokerCall({ ...call, timeout: left }, () =>
          channel.checkQueue(running.queue),
        ).catch((error) => {
          throw settleTimeout(timeout, error, pending);
        });
        if (messageCount > 0 || running.inFlight() > 0) {
          pending.push(`${running.queue} (${messageCount} ready, ${running.inFlight()} in handlers)`);
        }
      }
      quiet = pending.length === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) throw settleTimeout(timeout, undefined, pending);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Stops every subscription and closes the channel; never waits more than the broker's timeout for it.
   * The handler calls in flight are waited for `timeout` ms at most: a call still running then is left
   * unacknowledged (RabbitMQ requeues it), the broker is closed all the same, and
   * `EVENTSPEC_BROKER_HANDLER_UNSETTLED` names the call.
   */
  async close(options: { /** @default 5000 */ timeout?: number } = {}): Promise<void> {
    this.#closing = true;
    const grace = options.timeout ?? DEFAULT_CLOSE_GRACE_MS;
    const running = this.#running.splice(0);
    // Deliveries stop first so that waiting for the handlers in flight ends (none: nothing to wait for).
    const busy = running.some((r) => r.inFlight() > 0);
    if (busy) await Promise.allSettled(running.map((r) => r.cancel()));
    const unsettled = busy ? await this.#handlers.settleWithin(Promise.resolve(), grace) : [];
    await Promise.allSettled(running.map(({ subscription }) => subscription.stop()));
    await this.#quietly(async () => (await this.#channel).close());
    if (this.#onClose) await this.#call('close()', this.#onClose);
    if (unsettled.length > 0) throw handlersUnsettled('RabbitMqBroker.close()', unsettled, grace);
  }

  #callOf(operation: string, timeout: number = this.#timeout): BrokerCall {
    return {
      operation: `RabbitMqBroker.${operation}`,
      timeout,
      broker: this.#describe,
      lost: () => this.#lost,
    };
  }

  #call<T>(operation: string, run: () => T | PromiseLike<T>, timeout?: number): Promise<T> {
    return brokerCall(this.#callOf(operation, timeout), run);
  }

  async #quietly(close: () => PromiseLike<unknown>): Promise<void> {
    await brokerCall(this.#callOf('close()', 2000), close).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** `EVENTSPEC_BROKER_SETTLE_TIMEOUT`, as `Broker.settle` documents, saying what was pending or why the broker failed. */
function settleTimeout(timeout: number, cause: unknown, pending: string[]): BrokerError {
  // A dead broker fails at once, saying so, rather than after the timeout.
  if (cause instanceof BrokerError && cause.code === BrokerErrorCode.ConnectionLost) return cause;
  const state =
    cause instanceof BrokerError && cause.code !== BrokerErrorCode.NotAnswering
      ? cause.message
      : cause === undefined
        ? `messages are still unhandled: ${pending.join(', ')}. A handler may hang or keep failing`
        : 'the broker did not answer (paused, overloaded, or the network is cut)';
  return new BrokerError(
    BrokerErrorCode.SettleTimeout,
    `RabbitMqBroker.settle() gave up after ${timeout} ms: ${state}. Pass a longer { timeout } if it is only slow.`,
    { cause, actual: pending, expected: [] },
  );
}
