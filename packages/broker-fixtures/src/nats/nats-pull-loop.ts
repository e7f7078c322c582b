import type { Message } from '@eventspec/core';
import { MessageRejected, type SubscribeOptions } from '@eventspec/core';
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { fromNatsMsg } from './nats-message.js';

/** What a {@link NatsPullLoop} needs beyond the subscription options. */
export interface NatsPullLoopOptions extends SubscribeOptions {
  maxAttempts: number;
  ackWaitMs: number;
  /** Delay of the redelivery after a failure (`nak(delay)`). */
  redeliveryDelayMs: number;
  /** The subject as the test named it, from a real subject. */
  local: (subject: string) => string;
  deadLetter: (message: Message, subject: string) => Promise<void>;
}

/**
 * One running consumer of a durable JetStream pull consumer: pulls (at most `max_ack_pending` in flight),
 * runs the handler, acks / naks / dead-letters. `stop()` lets the messages in flight finish; `crash()`
 * drops them unacknowledged, as a killed process would, and JetStream redelivers them after `ack_wait`.
 */
export class NatsPullLoop {
  readonly durable: string;
  readonly #consumer: Consumer;
  readonly #options: NatsPullLoopOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #messages: ConsumerMessages | undefined;
  #running: Promise<void> | undefined;
  #crashed = false;

  constructor(consumer: Consumer, durable: string, options: NatsPullLoopOptions) {
    this.#consumer = consumer;
    this.durable = durable;
    this.#options = options;
  }

  /** Starts pulling, `concurrency` messages at a time at most. */
  async start(concurrency: number): Promise<void> {
    this.#messages = await this.#consumer.consume({ max_messages: concurrency, expires: 1000 });
    const messages = this.#messages;
    this.#running = (async () => {
      for await (const msg of messages) {
        if (this.#crashed) return;
        const handling = this.#handle(msg).finally(() => this.#inFlight.delete(handling));
        this.#inFlight.add(handling);
        if (this.#inFlight.size >= concurrency) await Promise.race(this.#inFlight);
      }
    })();
  }

  /** Stops pulling; the messages in flight are finished and acknowledged first. */
  async stop(): Promise<void> {
    await this.#messages?.close().catch(() => undefined);
    await this.#running?.catch(() => undefined);
    await Promise.allSettled(this.#inFlight);
  }

  /** Stops at once: nothing in flight is acknowledged (JetStream redelivers it after `ack_wait`). */
  async crash(): Promise<void> {
    this.#crashed = true;
    // Not awaited: closing waits for the loop, which may wait for a handler that never returns.
    void this.#messages?.close().catch(() => undefined);
  }

  async #handle(msg: JsMsg): Promise<void> {
    const { maxAttempts, handler, ackWaitMs } = this.#options;
    const attempt = msg.info.deliveryCount;
    const message = fromNatsMsg(msg, this.#options.local(msg.subject));
    if (attempt > maxAttempts) {
      // Exhausted by crashes before it could be handled to the end: dead-letter it without handling.
      await this.#deadLetter(msg, message);
      return;
    }
    const heartbeat = setInterval(() => {
      if (!this.#crashed) msg.working();
    }, ackWaitMs / 2);
    try {
      await handler(message, { attempt, redelivered: attempt > 1, deliveredAt: new Date() });
      if (!this.#crashed) await msg.ackAck();
    } catch (error) {
      if (this.#crashed) return;
      if (error instanceof MessageRejected || attempt >= maxAttempts) {
        await this.#deadLetter(msg, message);
      } else {
        msg.nak(this.#options.redeliveryDelayMs || undefined);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #deadLetter(msg: JsMsg, message: Message): Promise<void> {
    await this.#options.deadLetter(message, msg.subject);
    // Without a reason: servers before 2.10 do not read `+TERM <reason>` and would redeliver the message.
    msg.term();
  }
}
