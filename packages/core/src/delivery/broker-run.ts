import { AsyncLocalStorage } from 'node:async_hooks';
import type { Broker, QueueBroker } from '../broker/broker.js';
import type { Delivery, Message, MessageHandler } from '../broker/message.js';
import { MessageRejected } from '../broker/message-rejected.js';
import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { BrokerDeadline } from './broker-deadline.js';
import { type Attempt, type CallSite, installCrashPoints } from './crash-points.js';
import { type DeliveryPlan, type PlannedFailure, referencePlan } from './delivery-plan.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DeliveryTally } from './delivery-tally.js';
import { InjectedFailure } from './injected-faults.js';
import { type Consumer, RealConsumers } from './real-consumers.js';
import type { DeliveryOutcome, RunEvent, RunOutcome, RunSubject } from './run-outcome.js';
import { startOf } from './subscribed-handler.js';
import { outside, settleWithin } from './user-callback.js';

/** The `broker` option of `checkDelivery` with its defaults applied. */
export interface BrokerSettings {
  open: () => Broker | Promise<Broker>;
  source: string | undefined;
  publishTo: string | undefined;
  consumers: number;
  shrinkRuns: number;
  settleTimeout: number;
}

const inDelivery = new AsyncLocalStorage<Attempt>();
/** After the last expected delivery, how long a run keeps listening for redeliveries the broker adds. */
const quietMs = 150;

/**
 * Runs `plan` through a real broker: publishes the messages in the plan's order (its delays and
 * duplicates), lets a real subscription deliver them, fails crash-point calls so the broker nacks and
 * redelivers, and kills the consumer after a `crash-after` call so the broker redelivers what it had not
 * acknowledged to a restarted one. Reports what happened in the same form as a simulated run.
 */
export async function runOnBroker<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
  settings: BrokerSettings,
): Promise<RunOutcome> {
  // A broker that cannot be opened (or closed) is an infrastructure error: it propagates as it is. Every
  // call races the run's deadline, so a paused or dead broker ends the run instead of hanging it.
  const deadline = new BrokerDeadline(settings.settleTimeout);
  const broker = await deadline.within('broker.open()', settings.open);
  const close = () => deadline.within('broker.close()', () => broker.close(), settings.settleTimeout);
  let outcome: RunOutcome;
  try {
    outcome = await new BrokerRun(subject, plan, settings, broker, deadline).run();
  } catch (error) {
    // Not awaited: the run already failed (often a paused or dead broker), its close must not add to it.
    void close().catch(() => undefined);
    throw error;
  }
  await close();
  return outcome;
}

class BrokerRun<World, M extends Message> implements CallSite {
  private readonly events: RunEvent[] = [];
  private readonly indexes = new Map<string, number>();
  private readonly tally: DeliveryTally;
  private readonly failures = new Map<number, PlannedFailure[]>();
  private readonly inFlight = new Set<Attempt>();
  private overlapped = false;
  private delivered = 0;
  private lastStart = Date.now();
  private timedOut: { message: number; attempt: number } | undefined;
  private fatal: { error: unknown } | undefined;
  private readonly consumers: RealConsumers;
  /** Messages after whose first handling the consumer dies before its commit or ack (plan replays). */
  private readonly replays = new Set<number>();
  private world: World | undefined;

  constructor(
    private readonly subject: RunSubject<World, M>,
    private readonly plan: DeliveryPlan,
    private readonly settings: BrokerSettings,
    private readonly broker: Broker,
    private readonly deadline: BrokerDeadline,
  ) {
    const count = subject.messages.length;
    for (const [index, message] of subject.messages.entries()) this.indexes.set(message.id, index);
    this.tally = new DeliveryTally(count);
    for (const failure of plan.failures) {
      const message = failure.message % count;
      this.failures.set(message, [...(this.failures.get(message) ?? []), failure]);
    }
    this.consumers = new RealConsumers(broker, (consumer, handler) => this.wrap(consumer, handler));
    for (const replay of plan.replays ?? []) this.replays.add(replay.message % count);
  }

  get asyncLabels(): Set<string> {
    return this.subject.asyncLabels;
  }

  async run(): Promise<RunOutcome> {
    const world = await outside('setup()', () => this.subject.setup());
    this.world = world;
    const { crashPoints } = this.subject;
    if (crashPoints) installCrashPoints(await outside('crashPoints(world)', () => crashPoints(world)), this);
    const source = await this.subscribe(world);
    const order = new DeliveryQueue(this.plan, this.subject.keySlots, this.subject.anyOrder).items;
    this.tally.publish(order);
    await this.deadline.within('broker.publish()', () =>
      this.broker.publish(
        this.settings.publishTo ?? source,
        order.map((item) => this.subject.messages[item.message]!),
      ),
    );
    await this.awaitEveryCopy();
    if (this.fatal) throw this.fatal.error;
    const outcome: RunOutcome = {
      world,
      events: this.events,
      deadLettered: this.tally.deadLetteredMessages,
      overlapped: this.overlapped,
    };
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else outcome.observation = await outside('observe(world)', () => this.subject.observe(world));
    return outcome;
  }

  current(): Attempt | undefined {
    return inDelivery.getStore();
  }

  onCall(attempt: Attempt, label: string): PlannedFailure['mode'] | undefined {
    const call = attempt.calls++;
    const fault = attempt.fault?.call === call ? attempt.fault.mode : undefined;
    if (fault) attempt.fired = true;
    this.events.push({ kind: 'call', delivery: attempt.id, label, fault });
    return fault;
  }

  /** A real broker schedules the awaits itself. */
  gate(): undefined {
    return undefined;
  }

  /** Subscribes the handler (or runs the consumer's start-up code) on the broker; returns the source. */
  private async subscribe(world: World): Promise<string> {
    const concurrency = this.plan.concurrency;
    const consumers = this.plan === referencePlan ? 1 : this.settings.consumers;
    const started = startOf<World>(this.subject.handle);
    if (started) {
      const source = started.source ?? this.settings.source;
      const seen = this.consumers.capture(
        { concurrency, maxAttempts: this.subject.maxAttempts, source },
        (destination, message) => started.record(world, destination, message),
      );
      for (let consumer = 0; consumer < consumers; consumer++)
        await this.deadline.within('start(broker, world) of subscribedHandler', () =>
          outside('start(broker, world) of subscribedHandler', () => started.start(seen, world)),
        );
      return this.consumers.source(source);
    }
    const source = this.settings.source ?? 'delivery-check';
    if (this.broker.model === 'queue')
      await this.deadline.within('broker.declareQueue()', () =>
        (this.broker as QueueBroker).declareQueue(source),
      );
    for (let consumer = 0; consumer < consumers; consumer++) {
      await this.deadline.within('broker.subscribe()', () =>
        this.consumers.subscribe({
          source,
          group: 'delivery-check',
          handler: (message, delivery) => this.subject.handle(world, message as M, delivery),
          maxAttempts: this.subject.maxAttempts,
          concurrency,
        }),
      );
    }
    return source;
  }

  /** The handler the broker calls: records the delivery, injects the plan's faults, crashes the consumer. */
  private wrap(consumer: Consumer, handler: MessageHandler): MessageHandler {
    return async (message: Message, delivery: Delivery) => {
      // After a timeout the run is over: nothing more reaches the handler (it may hang again).
      if (this.timedOut) throw new Error('eventspec: the run ended after a handler timeout');
      const index = this.indexes.get(message.id);
      if (index === undefined) return handler(message, delivery);
      const attempt = this.begin(index);
      let failed = false;
      let error: unknown;
      try {
        const settled = await settleWithin(
          inDelivery.run(attempt, async () => handler(message, delivery)),
          this.subject.timeout,
        );
        if (settled === 'timed-out') {
          this.timeOut(attempt);
          throw new EventspecError(
            'EVENTSPEC_DELIVERY_HANDLER_TIMEOUT',
            `checkDelivery: the delivery did not settle within ${this.subject.timeout} ms`,
          );
        }
        ({ failed, error } = settled);
        // A planned replay: the consumer dies after handling the message, before its commit (Kafka) or ack
        // (RabbitMQ): the broker delivers again what it had not committed, or what was unacked.
        if (!failed && !attempt.crashed && attempt.attempt === 1 && this.replays.delete(index)) {
          attempt.crashed = true;
          this.events.push({ kind: 'consumer', delivery: attempt.id, what: 'replay', messages: [index] });
        }
        // The consumer dies after the effect and before the ack: whatever the handler did with the crash.
        if (attempt.crashed) {
          this.consumers.crash(consumer);
          await this.restart(attempt);
        }
      } finally {
        this.inFlight.delete(attempt);
      }
      this.finish(attempt, consumer, failed, error, delivery);
      if (failed || consumer.crashed) throw error ?? new Error('eventspec: the consumer crashed');
    };
  }

  /** The crashed consumer's process is gone: what lived in memory only is rebuilt (`restart`). */
  private async restart(attempt: Attempt): Promise<void> {
    const { restart } = this.subject;
    if (!restart) return;
    this.events.push({ kind: 'consumer', delivery: attempt.id, what: 'restart' });
    const world = this.world as World;
    await outside('restart(world)', () => restart(world), this.subject.timeout);
  }

  private begin(message: number): Attempt {
    const { attempt, cause } = this.tally.start(message);
    const started: Attempt = {
      id: this.delivered++,
      message,
      attempt,
      calls: 0,
      fault: this.failures.get(message)?.[attempt - 1],
      fired: false,
      crashed: false,
    };
    if (this.inFlight.size > 0) this.overlapped = true;
    this.inFlight.add(started);
    this.lastStart = Date.now();
    this.events.push({ kind: 'start', delivery: started.id, message, attempt, cause });
    return started;
  }

  private finish(attempt: Attempt, consumer: Consumer, failed: boolean, error: unknown, delivery: Delivery) {
    if (failed && error instanceof EventspecUsageError) this.fatal ??= { error };
    const end = (outcome: DeliveryOutcome, injected = false) => {
      this.tally.end(attempt.message, outcome, injected);
      this.events.push(
        error === undefined
          ? { kind: 'end', delivery: attempt.id, outcome }
          : { kind: 'end', delivery: attempt.id, outcome, error },
      );
    };
    if (this.timedOut) return;
    if (consumer.crashed) return end('crashed', true);
    if (!failed) return end('acked');
    if (error instanceof MessageRejected || delivery.attempt >= consumer.maxAttempts)
      return end('dead-lettered');
    end('nacked', error instanceof InjectedFailure);
  }

  private timeOut(attempt: Attempt): void {
    this.timedOut ??= { message: attempt.message, attempt: attempt.attempt };
    this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'timed-out' });
  }

  /** Waits until every published copy was acked or dead-lettered and the broker stayed quiet a moment. */
  private async awaitEveryCopy(): Promise<void> {
    const deadline = this.deadline.at;
    const complete = () => this.inFlight.size === 0 && !this.consumers.restarting && this.tally.complete;
    while (!this.timedOut && !this.fatal) {
      if (this.consumers.failure) throw this.consumers.failure.error;
      if (complete() && Date.now() - this.lastStart >= quietMs) return;
      if (Date.now() > deadline) throw this.stalled();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private stalled(): EventspecError {
    const waiting = this.tally.waiting(this.subject.messages);
    return new EventspecError(
      'EVENTSPEC_DELIVERY_BROKER_STALLED',
      `checkDelivery on a real broker waited ${this.settings.settleTimeout} ms and these messages were never ` +
        `acknowledged or dead-lettered: ${waiting.join(', ') || 'none (a consumer restart hung)'}. ` +
        'The broker stopped delivering (a consumer that never rejoined, a lost connection): check the broker, ' +
        'or raise `broker.settleTimeout` if it is only slow.',
      this.tally.progress(),
    );
  }
}
