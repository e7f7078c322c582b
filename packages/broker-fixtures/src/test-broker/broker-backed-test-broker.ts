import type { Broker, Message } from '@eventspec/core';
import type { OutgoingMessage, ReceivedMessage } from '../messages/broker-message.js';
import type { Subscription } from '../messages/subscription.js';
import { TestBroker } from './test-broker.js';

/**
 * A test broker whose publishing and consuming go through its own core `Broker` (NATS JetStream, Redis
 * Streams): every call bounded like the other test brokers' calls.
 */
export abstract class BrokerBackedTestBroker<Dropped = void> extends TestBroker<string, Dropped> {
  /** The core `Broker` of this namespace, for `checkDelivery({ broker })` and system scenarios. */
  abstract broker(): Broker;

  /** Publishes messages to `source` (namespaced), in order, each confirmed by the broker. */
  async publish(
    source: string,
    messages: OutgoingMessage | readonly OutgoingMessage[],
    options: { /** @default 10000 */ timeout?: number } = {},
  ): Promise<void> {
    const list = Array.isArray(messages)
      ? (messages as readonly OutgoingMessage[])
      : [messages as OutgoingMessage];
    await this.call(
      `publish('${source}')`,
      () => this.broker().publish(source, list as readonly Message[]),
      options.timeout,
    );
  }

  /**
   * Runs `handler` for every message of `source` in consumer group `group`, from the start: acknowledged when
   * it resolves, redelivered when it throws. Stopped when the test ends.
   */
  async consume(
    source: string,
    handler: (message: ReceivedMessage) => Promise<void> | void,
    options: { group?: string /** @default 10000 */; timeout?: number } = {},
  ): Promise<Subscription> {
    const subscribing = this.broker().subscribe({
      source,
      group: options.group ?? `consumer-${this.subscriptions.length + 1}`,
      maxAttempts: Number.MAX_SAFE_INTEGER,
      handler: (message, delivery) =>
        handler({
          ...message,
          destination: source,
          key: message.key === '' ? undefined : message.key,
          headers: message.headers ?? {},
          redelivered: delivery.redelivered,
        }),
    });
    // Abandoned on a timeout: stop it once it starts, if ever.
    const subscription = await this.call(`consume('${source}')`, () => subscribing, options.timeout).catch(
      (error: unknown) => {
        void subscribing.then((late) => late.stop()).catch(() => undefined);
        throw error;
      },
    );
    this.subscriptions.push(subscription);
    return subscription;
  }
}
