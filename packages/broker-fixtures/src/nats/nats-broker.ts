import type { Broker, Message, SubscribeOptions } from '@eventspec/core';
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { CrashableSubscription } from '../messages/crashable-subscription.js';
import {
  DEFAULT_CLOSE_GRACE_MS,
  handlersUnsettled,
  InFlightHandlers,
} from '../messages/in-flight-handlers.js';
import { settleWhen } from '../messages/settle-when.js';
import { toNatsPublish } from './nats-message.js';
import type { NatsNamespace } from './nats-namespace.js';
import { NatsPullLoop } from './nats-pull-loop.js';

/** Options of {@link NatsBroker}. */
export interface NatsBrokerOptions {
  /**
   * How long JetStream waits for an ack before redelivering (`ack_wait`): what a crashed consumer costs.
   * A handler still running keeps its message with `working()` heartbeats.
   * @default 2000
   */
  ackWaitMs?: number;
  /**
   * How long a message whose handler threw waits before JetStream redelivers it (`nak` with a delay).
   * @default 0
   */
  redeliveryDelayMs?: number;
  /** Runs when the broker closes (e.g. to drop a namespace of its own). */
  onClose?: () => Promise<void>;
}

/**
 * core's `Broker` on NATS JetStream: one stream per namespace (`<namespace>.>`), a durable pull consumer
 * per group and source (subjects with `*` / `>` wildcards allowed), explicit acks. A handler that resolves
 * acks; one that throws is nak'ed and redelivered after `redeliveryDelayMs` (`deliveryCount` is the attempt); after
 * `maxAttempts`, or on `MessageRejected`, the message is published to `<subject>.dead-letter` and
 * terminated. A crashed consumer acks nothing: JetStream redelivers after `ack_wait`. `max_ack_pending`
 * is the subscription's concurrency, so one consumer handles a group's messages in order.
 */
export class NatsBroker implements Broker {
  readonly model = 'log' as const;
  readonly namespace: NatsNamespace;
  readonly #js: JetStreamClient;
  readonly #jsm: Promise<JetStreamManager>;
  readonly #ackWaitMs: number;
  readonly #redeliveryDelayMs: number;
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #loops = new Set<NatsPullLoop>();
  readonly #handlers = new InFlightHandlers();
  #ready: Promise<void> | undefined;
  #consumers = 0;
  #closed = false;

  constructor(connection: NatsConnection, namespace: NatsNamespace, options: NatsBrokerOptions = {}) {
    this.namespace = namespace;
    this.#js = jetstream(connection);
    this.#jsm = jetstreamManager(connection);
    this.#ackWaitMs = options.ackWaitMs ?? 2000;
    this.#redeliveryDelayMs = options.redeliveryDelayMs ?? 0;
    this.#onClose = options.onClose;
  }

  /** Publishes messages to `subject` (namespaced), in order, each confirmed by JetStream. */
  async publish(subject: string, messages: readonly Message[]): Promise<void> {
    await this.#ensureStream();
    for (const message of messages) {
      const { payload, headers } = toNatsPublish(message);
      await this.#js.publish(this.namespace.subject(subject), payload, { headers });
    }
  }

  /** Starts a durable pull consumer of `source` for the group (created on first use, shared after). */
  async subscribe(options: SubscribeOptions): Promise<CrashableSubscription> {
    await this.#ensureStream();
    const jsm = await this.#jsm;
    const group = options.group ?? 'default';
    const maxAttempts = options.maxAttempts ?? 5;
    const durable = this.namespace.durable(group, options.source);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.namespace.subject(options.source),
      // One delivery past maxAttempts: the one that finds it exhausted (after a crash) and dead-letters it.
      max_deliver: maxAttempts + 1,
      ack_wait: this.#ackWaitMs * 1_000_000,
      max_ack_pending: options.concurrency ?? 1,
    };
    await jsm.consumers
      .info(this.namespace.stream, durable)
      .catch(() => jsm.consumers.add(this.namespace.stream, config));
    const consumer = await this.#js.consumers.get(this.namespace.stream, durable);
    const tracked = this.#handlers.track(options);
    const loop = new NatsPullLoop(consumer, durable, {
      ...tracked.options,
      maxAttempts,
      ackWaitMs: this.#ackWaitMs,
      redeliveryDelayMs: this.#redeliveryDelayMs,
      local: (subject) => this.namespace.local(subject),
      deadLetter: (message, subject) =>
        this.publish(`${this.namespace.local(subject)}.dead-letter`, [message]),
    });
    this.#loops.add(loop);
    await loop.start(options.concurrency ?? 1);
    const stop = async () => {
      this.#loops.delete(loop);
      await loop.stop();
    };
    return {
      id: `${group}#${++this.#consumers}`,
      stop,
      crash: async () => {
        this.#loops.delete(loop);
        tracked.forget();
        await loop.crash();
      },
      [Symbol.asyncDispose]: stop,
    };
  }

  /** Resolves once the consumers of the running subscriptions have nothing pending nor unacknowledged. */
  async settle(options: { timeout?: number } = {}): Promise<void> {
    const jsm = await this.#jsm;
    await settleWhen(
      async () => {
        const behind: string[] = [];
        for (const loop of new Set([...this.#loops].map((running) => running.durable))) {
          const info = await jsm.consumers.info(this.namespace.stream, loop);
          if (info.num_pending > 0 || info.num_ack_pending > 0)
            behind.push(`${loop}: ${info.num_pending} pending, ${info.num_ack_pending} unacknowledged`);
        }
        return behind;
      },
      { timeout: options.timeout ?? 10_000, broker: 'NatsBroker' },
    );
  }

  /**
   * Stops every subscription (in-flight messages finished and acked), then runs `onClose`. Waits `timeout` ms
   * at most for the handlers: a call still running then is dropped unacknowledged (JetStream redelivers it),
   * the broker is closed all the same, and `EVENTSPEC_BROKER_HANDLER_UNSETTLED` names the call.
   */
  async close(options: { /** @default 5000 */ timeout?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const grace = options.timeout ?? DEFAULT_CLOSE_GRACE_MS;
    const loops = [...this.#loops];
    this.#loops.clear();
    const stopping = Promise.allSettled(loops.map((loop) => loop.stop()));
    const unsettled = await this.#handlers.settleWithin(stopping, grace);
    if (unsettled.length > 0) await Promise.allSettled(loops.map((loop) => loop.crash()));
    await this.#onClose?.();
    if (unsettled.length > 0) throw handlersUnsettled('NatsBroker.close()', unsettled, grace);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #ensureStream(): Promise<void> {
    this.#ready ??= this.#jsm.then((jsm) => this.namespace.create(jsm));
    return this.#ready;
  }
}
