import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { unknownOptionKeys } from '../options/option-keys.js';
import type { ExchangeType, QueueBroker, QueueOptions, SubscribeOptions } from './broker.js';
import { checkedExchangeType, checkedName, checkedPattern } from './broker-names.js';
import { BrokerPump } from './broker-pump.js';
import { deadLetterExchangeCopy } from './dead-letter-copies.js';
import type { DeadLetter } from './in-memory-topic-broker.js';
import type { Message } from './message.js';
import { MessageRejected } from './message-rejected.js';
import { QueueConsumer } from './queue-consumer.js';
import { routes } from './routing.js';
import { checkedMessages, checkedSubscribeOptions, shown } from './subscribe-options.js';

interface QueuedMessage {
  message: Message;
  deliveries: number;
  /** Requeued after a failure, waiting for its backoff. */
  held?: boolean;
}

interface StoredQueue {
  readonly name: string;
  readonly options: QueueOptions;
  readonly ready: QueuedMessage[];
  readonly unacked: Map<QueuedMessage, QueueConsumer>;
  readonly consumers: QueueConsumer[];
  next: number;
  /** Its last consumer crashed: ready messages wait for a new one (settle() says so). */
  orphaned: boolean;
}

/** Options of an {@link InMemoryQueueBroker}. */
export interface InMemoryQueueBrokerOptions {
  /** The broker's clock, for `delivery.deliveredAt`. @default () => new Date() */
  now?: () => Date;
  /**
   * Milliseconds before a nacked message is delivered again.
   * @default 0 (after pending timers and I/O, so a handler that always fails never starves the event loop)
   */
  retryBackoff?: number;
}

/**
 * A RabbitMQ-like broker in memory: direct, topic and fanout exchanges, bindings, queues with competing
 * consumers and prefetch, ack on resolve, nack-and-requeue on throw, dead-lettering after `maxAttempts`.
 * @example
 * await using broker = new InMemoryQueueBroker();
 * await broker.declareExchange('orders', 'topic');
 * await broker.declareQueue('billing', { deadLetterExchange: 'orders.dlx' });
 * await broker.bindQueue('billing', 'orders', 'order.*.placed');
 */
export class InMemoryQueueBroker implements QueueBroker {
  readonly model = 'queue' as const;
  /** Every message dead-lettered so far, with or without a dead-letter exchange. */
  readonly deadLetters: DeadLetter[] = [];
  /** Every message published, in publish order, with where it went: the log a causality check reads. */
  readonly published: { destination: string; message: Message }[] = [];
  /** Messages an exchange could route to no queue (AMQP drops them). */
  readonly unroutable: Message[] = [];
  private readonly exchanges = new Map<string, ExchangeType>();
  private readonly queues = new Map<string, StoredQueue>();
  private readonly bindings: { exchange: string; queue: string; pattern: string }[] = [];
  private readonly now: () => Date;
  private readonly retryBackoff: number;
  private readonly pump: BrokerPump;
  private consumers = 0;

  constructor(options: InMemoryQueueBrokerOptions = {}) {
    // null means no options, as undefined does (a JavaScript caller's habit), never a raw TypeError.
    options ??= {};
    const problems = unknownOptionKeys(options, ['now', 'retryBackoff'], 'new InMemoryQueueBroker()');
    const retryBackoff = options.retryBackoff ?? 0;
    if (typeof retryBackoff !== 'number' || !Number.isFinite(retryBackoff) || retryBackoff < 0)
      problems.push(`\`retryBackoff\` must be a number of milliseconds ≥ 0, got ${shown(retryBackoff)}`);
    if (problems.length > 0)
      throw new EventspecUsageError('EVENTSPEC_BROKER_BAD_OPTION', problems.join('\n'));
    this.retryBackoff = retryBackoff;
    this.now = options.now ?? (() => new Date());
    this.pump = new BrokerPump(
      'InMemoryQueueBroker',
      () => this.dispatch(),
      () => this.isIdle(),
      () => this.pending(),
    );
  }

  async declareExchange(exchange: string, type: ExchangeType): Promise<void> {
    this.pump.assertOpen('declareExchange');
    const call = 'InMemoryQueueBroker.declareExchange(exchange, type)';
    checkedName(call, 'exchange name', exchange);
    checkedExchangeType(call, type);
    const existing = this.exchanges.get(exchange);
    if (existing && existing !== type) {
      throw new EventspecError(
        'EVENTSPEC_BROKER_EXCHANGE_MISMATCH',
        `Exchange "${exchange}" already exists as ${existing}, so it cannot be declared ${type} (AMQP PRECONDITION_FAILED); use another name.`,
        { actual: type, expected: existing },
      );
    }
    this.exchanges.set(exchange, type);
  }

  async declareQueue(queue: string, options: QueueOptions = {}): Promise<void> {
    this.pump.assertOpen('declareQueue');
    checkedName('InMemoryQueueBroker.declareQueue(queue, options)', 'queue name', queue);
    options ??= {};
    const problems = unknownOptionKeys(
      options,
      ['deadLetterExchange', 'deliveryLimit'],
      `declareQueue("${queue}")`,
    );
    const limit = options.deliveryLimit;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
      problems.push(`\`deliveryLimit\` must be a whole number ≥ 1, got ${shown(limit)}`);
    const deadLetters = options.deadLetterExchange;
    if (deadLetters !== undefined && (typeof deadLetters !== 'string' || deadLetters === ''))
      problems.push(
        `declareQueue("${queue}"): \`deadLetterExchange\` must name an exchange, got ${formatInline(deadLetters, 60)}`,
      );
    if (problems.length > 0)
      throw new EventspecUsageError('EVENTSPEC_BROKER_BAD_OPTION', problems.join('\n'));
    this.queueNamed(queue, options);
  }

  async bindQueue(queue: string, exchange: string, pattern = ''): Promise<void> {
    this.pump.assertOpen('bindQueue');
    const call = 'InMemoryQueueBroker.bindQueue(queue, exchange, pattern)';
    checkedName(call, 'queue name', queue);
    checkedName(call, 'exchange name', exchange);
    checkedPattern(call, pattern);
    if (!this.exchanges.has(exchange)) throw unknown('bindQueue', 'exchange', exchange);
    if (!this.queues.has(queue)) throw unknown('bindQueue', 'queue', queue);
    this.bindings.push({ exchange, queue, pattern });
  }

  /** Publishes to an exchange (routed by `message.key`) or, when no exchange has that name, straight to a queue. */
  async publish(destination: string, messages: readonly Message[]): Promise<void> {
    this.pump.assertOpen('publish');
    const checked = checkedMessages('InMemoryQueueBroker', destination, messages);
    if (!this.exchanges.has(destination) && !this.queues.has(destination))
      throw unknown('publish', 'exchange or queue', destination);
    for (const message of checked) {
      this.published.push({ destination, message });
      this.route(destination, message);
    }
    this.pump.schedule();
  }

  async subscribe(given: SubscribeOptions): Promise<QueueConsumer> {
    this.pump.assertOpen('subscribe');
    const options = checkedSubscribeOptions('InMemoryQueueBroker', given);
    const queue = this.queueNamed(options.source, {});
    queue.orphaned = false;
    const consumer = new QueueConsumer(`${options.source}-${++this.consumers}`, options, {
      leave: (member, requeue) => this.leave(queue, member, requeue),
      wake: () => this.pump.schedule(),
    });
    queue.consumers.push(consumer);
    this.pump.schedule();
    return consumer;
  }

  /** The messages ready in `queue` (not delivered, or requeued), in order. */
  messagesIn(queue: string): Message[] {
    return (this.queues.get(queue)?.ready ?? []).map((entry) => entry.message);
  }

  settle(options: { timeout?: number } = {}): Promise<void> {
    return this.pump.settle(options?.timeout);
  }

  async close(): Promise<void> {
    for (const queue of this.queues.values()) for (const consumer of [...queue.consumers]) consumer.crash();
    this.pump.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private queueNamed(name: string, options: QueueOptions): StoredQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = { name, options, ready: [], unacked: new Map(), consumers: [], next: 0, orphaned: false };
      this.queues.set(name, queue);
    }
    return queue;
  }

  private route(destination: string, message: Message): void {
    const type = this.exchanges.get(destination);
    if (!type) {
      this.queues.get(destination)!.ready.push({ message, deliveries: 0 });
      return;
    }
    const targets = new Set<string>();
    for (const binding of this.bindings) {
      if (binding.exchange === destination && routes(type, binding.pattern, message.key))
        targets.add(binding.queue);
    }
    if (targets.size === 0) this.unroutable.push(message);
    for (const target of targets) this.queues.get(target)!.ready.push({ message, deliveries: 0 });
  }

  private dispatch(): void {
    for (const queue of this.queues.values()) {
      // A requeued message waits at the head for the event loop's next turn (or its backoff): the queue
      // keeps its order, and a handler that always fails cannot starve timers.
      while (queue.ready.length > 0 && !queue.ready[0]!.held) {
        const consumer = this.nextConsumer(queue);
        if (!consumer) break;
        this.deliver(queue, consumer, queue.ready.shift()!);
      }
    }
  }

  /** Round-robin among the consumers with room for one more unacked message. */
  private nextConsumer(queue: StoredQueue): QueueConsumer | undefined {
    for (let tried = 0; tried < queue.consumers.length; tried++) {
      const consumer = queue.consumers[(queue.next + tried) % queue.consumers.length]!;
      if (consumer.hasCapacity) {
        queue.next = (queue.next + tried + 1) % queue.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  private deliver(queue: StoredQueue, consumer: QueueConsumer, entry: QueuedMessage): void {
    const attempt = ++entry.deliveries;
    queue.unacked.set(entry, consumer);
    consumer.inFlight++;
    const mine = () => queue.unacked.get(entry) === consumer;
    Promise.resolve()
      .then(() =>
        consumer.handler(entry.message, { attempt, redelivered: attempt > 1, deliveredAt: this.now() }),
      )
      .then(
        () => {
          if (mine()) queue.unacked.delete(entry);
        },
        (error: unknown) => {
          if (!mine()) return;
          queue.unacked.delete(entry);
          // RabbitMQ counts deliveries per queue (a quorum queue's delivery-limit), not per consumer.
          const limit = queue.options.deliveryLimit ?? consumer.maxAttempts;
          if (attempt < limit && !(error instanceof MessageRejected)) {
            entry.held = true;
            queue.ready.unshift(entry);
            this.pump.scheduleAfter(this.retryBackoff, () => {
              entry.held = false;
            });
          } else this.deadLetter(queue, entry, error);
        },
      )
      .finally(() => consumer.delivered());
  }

  private deadLetter(queue: StoredQueue, entry: QueuedMessage, error: unknown): void {
    this.deadLetters.push({ message: entry.message, source: queue.name, attempts: entry.deliveries, error });
    const exchange = queue.options.deadLetterExchange;
    if (exchange && this.exchanges.has(exchange))
      this.route(exchange, deadLetterExchangeCopy(queue.name, entry, error));
  }

  private leave(queue: StoredQueue, consumer: QueueConsumer, requeueUnacked: boolean): void {
    queue.consumers.splice(queue.consumers.indexOf(consumer), 1);
    if (requeueUnacked && queue.consumers.length === 0) queue.orphaned = true;
    if (requeueUnacked) {
      const orphans = [...queue.unacked].filter(([, owner]) => owner === consumer).map(([entry]) => entry);
      for (const entry of orphans) queue.unacked.delete(entry);
      queue.ready.unshift(...orphans);
    }
    this.pump.schedule();
  }

  private isIdle(): boolean {
    for (const queue of this.queues.values()) {
      if (queue.unacked.size > 0) return false;
      if (queue.ready.length > 0 && (queue.orphaned || queue.consumers.some((consumer) => consumer.active)))
        return false;
    }
    return true;
  }

  private pending(): string {
    const parts: string[] = [];
    for (const queue of this.queues.values()) {
      if (queue.orphaned && queue.ready.length > 0)
        parts.push(
          `queue "${queue.name}" has ${queue.ready.length} ready and no consumer: its only consumer crashed (subscribe a new one)`,
        );
      else if (queue.unacked.size + queue.ready.length > 0)
        parts.push(`queue "${queue.name}" has ${queue.unacked.size} unacked, ${queue.ready.length} ready`);
    }
    return parts.join('; ') || 'nothing pending';
  }
}

function unknown(method: string, what: string, name: string): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_BROKER_UNKNOWN_DESTINATION',
    `InMemoryQueueBroker.${method}(): there is no ${what} named "${name}" (AMQP NOT_FOUND); declare it first with declareExchange() or declareQueue().`,
  );
}
