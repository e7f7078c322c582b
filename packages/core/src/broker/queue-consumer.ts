import type { SubscribeOptions, Subscription } from './broker.js';
import type { Message, MessageHandler } from './message.js';

/** What a queue consumer needs from its broker. */
export interface QueueConsumerHost {
  leave(consumer: QueueConsumer, requeueUnacked: boolean): void;
  wake(): void;
}

/** A consumer of one queue on the in-memory queue broker: a `Subscription` that can also crash. */
export class QueueConsumer implements Subscription {
  readonly queue: string;
  readonly handler: MessageHandler<Message>;
  readonly maxAttempts: number;
  /** Unacked deliveries allowed at once (AMQP prefetch). */
  readonly prefetch: number;
  inFlight = 0;
  active = true;
  private readonly drained = new Set<() => void>();

  /** @internal */
  constructor(
    readonly id: string,
    options: SubscribeOptions,
    private readonly host: QueueConsumerHost,
  ) {
    this.queue = options.source;
    this.handler = options.handler as MessageHandler<Message>;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.prefetch = options.concurrency ?? 1;
  }

  get hasCapacity(): boolean {
    return this.active && this.inFlight < this.prefetch;
  }

  /** Stops taking messages, lets the ones in flight finish (ack or nack), then cancels the consumer. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.add(resolve));
    this.host.leave(this, false);
  }

  /** Dies at once: its unacked messages go back to the queue, redelivered to the other consumers. */
  crash(): void {
    if (!this.active) return;
    this.active = false;
    this.host.leave(this, true);
  }

  delivered(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of [...this.drained]) resolve();
    this.host.wake();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
