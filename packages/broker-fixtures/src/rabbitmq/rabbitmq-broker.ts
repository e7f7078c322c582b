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
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import { fromAmqpDelivery, toAmqpPublish } from './amqp-message.js';

interface Running {
  queue: string;
  subscription: Subscription;
  inFlight: () => number;
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
  readonly #exchanges = new Set<string>();
  readonly #queues = new Set<string>();

  readonly #onClose: (() => Promise<void>) | undefined;

  /** `onClose` runs after `close()` stopped everything (e.g. to delete a vhost made for this broker). */
  constructor(connection: ChannelModel, options: { onClose?: () => Promise<void> } = {}) {
    this.#connection = connection;
    this.#onClose = options.onClose;
    this.#channel = connection.createConfirmChannel().then((channel) => {
      channel.on('error', () => undefined);
      return channel;
    });
  }

  async declareExchange(exchange: string, type: ExchangeType): Promise<void> {
    await (await this.#channel).assertExchange(exchange, type, { durable: true });
    this.#exchanges.add(exchange);
  }

  async declareQueue(queue: string, options: QueueOptions = {}): Promise<void> {
    const args = options.deadLetterExchange ? { 'x-dead-letter-exchange': options.deadLetterExchange } : {};
    await (await this.#channel).assertQueue(queue, { durable: true, arguments: args });
    this.#queues.add(queue);
  }

  async bindQueue(queue: string, exchange: string, pattern = ''): Promise<void> {
    await (await this.#channel).bindQueue(queue, exchange, pattern);
  }

  /**
   * Publishes persistent messages to an exchange declared here (routed by `message.key`) or, like the
   * in-memory broker, straight to the queue of that name; waits for the broker's confirms.
   */
  async publish(destination: string, messages: readonly Message[]): Promise<void> {
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
    if (!this.#queues.has(options.source)) await this.declareQueue(options.source);
    const channel = await this.#connection.createChannel();
    channel.on('error', () => undefined);
    await channel.prefetch(options.concurrency ?? 1);
    const maxAttempts = options.maxAttempts ?? 5;
    const attempts = new Map<string, number>();
    let inFlight = 0;
    // A crashed consumer is a dead process: nothing it had in flight is acked or nacked.
    let crashed = false;
    const { consumerTag } = await channel.consume(options.source, (delivery) => {
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
    });
    const stop = () => channel.close().catch(() => undefined);
    const crash = async () => {
      crashed = true;
      await stop();
    };
    const subscription: CrashableSubscription = {
      id: consumerTag,
      stop,
      crash,
      [Symbol.asyncDispose]: stop,
    };
    this.#running.push({ queue: options.source, subscription, inFlight: () => (crashed ? 0 : inFlight) });
    return subscription;
  }

  /** Resolves once the subscribed queues are empty and no handler is running, twice in a row 20 ms apart. */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 5000;
    const channel = await this.#channel;
    const deadline = Date.now() + timeout;
    let quiet = 0;
    let pending: string[] = [];
    while (quiet < 2) {
      pending = [];
      for (const running of this.#running) {
        const { messageCount } = await channel.checkQueue(running.queue);
        if (messageCount > 0 || running.inFlight() > 0) {
          pending.push(`${running.queue} (${messageCount} ready, ${running.inFlight()} in handlers)`);
        }
      }
      quiet = pending.length === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) {
        throw new BrokerError(
          BrokerErrorCode.WaitTimeout,
          `RabbitMqBroker.settle() waited ${timeout} ms and messages are still unhandled: ${pending.join(', ')}. ` +
            'A handler may hang or keep failing; pass a longer { timeout } if it is just slow.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#running.splice(0).map(({ subscription }) => subscription.stop()));
    await (await this.#channel).close().catch(() => undefined);
    await this.#onClose?.();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
