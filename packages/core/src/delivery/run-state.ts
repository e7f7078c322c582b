import type { Message } from '../broker/message.js';
import { MessageRejected } from '../broker/message-rejected.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { ConsumerFaults } from './consumer-faults.js';
import { type Attempt, type CallSite, installCrashPoints } from './crash-points.js';
import type { DeliveryPlan, PlannedFailure } from './delivery-plan.js';
import { DeliveryQueue, type QueuedDelivery } from './delivery-queue.js';
import { InjectedFailure, isThenable } from './injected-faults.js';
import { mutationOfFrozenMessage } from './message-copies.js';
import type { RunEvent, RunOutcome, RunSubject } from './run-outcome.js';
import { SimulatedDelivery, tickMs } from './simulated-delivery.js';
import { outside, outsideNow } from './user-callback.js';

/** A delivery attempt of a simulated run. */
export type SimulatedAttempt = Attempt;

/**
 * What one run of a plan keeps track of, however its deliveries are scheduled: the broker's queue, the
 * attempts of each message, the virtual clock, how each delivery ended (ack, nack and requeue, dead
 * letter, crash), the consumer faults that fire after an ack, and the events of the timeline.
 */
export abstract class RunState<World, M extends Message> implements CallSite {
  /** The timeline; one shared empty list when the run is not recorded. */
  protected readonly events: RunEvent[];
  /** Deliveries of each message so far (what `delivery.attempt` counts). */
  private readonly attempts: number[];
  /** The plan's failures by message; undefined when it has none. */
  private readonly failures: Map<number, PlannedFailure[]> | undefined;
  protected readonly consumerFaults: ConsumerFaults;
  /** The messages dead-lettered; one shared empty list until there is one. */
  private deadLettered: number[] = none;
  protected readonly queue: DeliveryQueue;
  protected timedOut: RunOutcome['timedOut'];
  protected overlapped = false;
  protected delivered = 0;
  /** Virtual milliseconds since `startOfTime` (a small integer, unlike the time itself). */
  private clock = -tickMs;
  protected restartDue = false;
  /** Whether a callback returned a promise during this run. */
  protected sawPromise = false;
  /** An eventspec usage error thrown inside the handler: a mistake in the check, not a nack. */
  private fatal: { error: unknown } | undefined;

  constructor(
    protected readonly subject: RunSubject<World, M>,
    protected readonly plan: DeliveryPlan,
    /** Whether to keep the events (the timeline): a passing run needs none, a failing one is run again. */
    protected readonly record: boolean,
  ) {
    const count = subject.messages.length;
    this.events = record ? [] : none;
    // A plain array: far cheaper to make than a typed one of this size.
    this.attempts = new Array<number>(count).fill(0);
    if (plan.failures.length > 0) {
      const failures = new Map<number, PlannedFailure[]>();
      for (const failure of plan.failures) {
        const message = failure.message % count;
        const list = failures.get(message) ?? [];
        list.push(failure);
        failures.set(message, list);
      }
      this.failures = failures;
    }
    this.consumerFaults = new ConsumerFaults(plan, count);
    this.queue = new DeliveryQueue(plan, subject.keySlots, subject.anyOrder);
  }

  get asyncLabels(): Set<string> {
    return this.subject.asyncLabels;
  }

  abstract current(): Attempt | undefined;

  onCall(attempt: Attempt, label: string): PlannedFailure['mode'] | undefined {
    const call = attempt.calls++;
    const fault = attempt.fault?.call === call ? attempt.fault.mode : undefined;
    if (fault) attempt.fired = true;
    if (this.record) this.events.push({ kind: 'call', delivery: attempt.id, label, fault });
    return fault;
  }

  gate(_attempt: Attempt): Promise<void> | undefined {
    return undefined;
  }

  /** Whether deliveries may be in flight at once (the interleaving scheduler runs them). */
  abstract readonly concurrent: boolean;

  /** Delivers every message of the queue to `world`, the run's own way. */
  protected abstract deliver(world: World): Promise<void>;

  /** Adds what this kind of run knows to its outcome, before the observation. */
  protected completed(_outcome: RunOutcome): void {}

  /** Runs the plan; without a promise of its own for callbacks that return none (setup, crashPoints, observe). */
  async run(): Promise<RunOutcome> {
    const { subject } = this;
    let world = outsideNow('setup()', () => this.noted(subject.setup()), subject.timeout);
    if (isThenable(world)) world = await world;
    const { crashPoints } = subject;
    if (crashPoints) {
      let points = outsideNow('crashPoints(world)', () => this.noted(crashPoints(world)));
      if (isThenable(points)) points = await points;
      installCrashPoints(points, this);
    }
    await this.deliver(world);
    const outcome = this.outcomeOf(world);
    this.completed(outcome);
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else {
      const observation = outsideNow(
        'observe(world)',
        () => this.noted(subject.observe(world)),
        subject.timeout,
      );
      outcome.observation = isThenable(observation) ? await observation : observation;
    }
    if (!this.concurrent && !this.sawPromise) outcome.synchronous = true;
    return outcome;
  }

  /** The outcome so far: everything but the interleaving, the timeout and the observation. */
  protected outcomeOf(world: World): RunOutcome {
    return {
      world,
      events: this.events,
      deadLettered:
        this.deadLettered.length === 0 ? this.deadLettered : this.deadLettered.sort((a, b) => a - b),
      overlapped: this.overlapped,
    };
  }

  /** Notes a callback's result that is a promise. */
  protected noted<T>(result: T): T {
    if (isThenable(result)) this.sawPromise = true;
    return result;
  }

  /** A usage error inside the handler stops the check: it is a mistake in the check, not a nack. */
  protected rethrow(): void {
    if (this.fatal) throw this.fatal.error;
  }

  protected begin(next: QueuedDelivery): SimulatedAttempt {
    const attempt = ++this.attempts[next.message]!;
    const fault = this.failures?.get(next.message)?.[attempt - 1];
    this.clock += tickMs + (next.lateBy ?? 0);
    const started: SimulatedAttempt = {
      id: this.delivered++,
      message: next.message,
      attempt,
      calls: 0,
      fault,
      fired: false,
      crashed: false,
      failures: next.failures ?? 0,
      cause: next.cause,
    };
    if (this.record)
      this.events.push(
        next.lateBy
          ? {
              kind: 'start',
              delivery: started.id,
              message: next.message,
              attempt,
              cause: next.cause,
              late: next.lateBy,
            }
          : { kind: 'start', delivery: started.id, message: next.message, attempt, cause: next.cause },
      );
    return started;
  }

  protected deliveryOf(attempt: Attempt): SimulatedDelivery {
    return new SimulatedDelivery(attempt.attempt, this.clock);
  }

  protected timeOut(attempt: Attempt, overran?: number): void {
    this.timedOut = { message: attempt.message, attempt: attempt.attempt };
    if (overran !== undefined) this.timedOut.overran = Math.round(overran);
    if (this.record) this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'timed-out' });
  }

  protected finish(attempt: Attempt, failed: boolean, error: unknown): void {
    if (failed && !this.fatal) {
      const misuse =
        error instanceof EventspecUsageError ? error : mutationOfFrozenMessage(error, attempt.message);
      if (misuse) {
        this.fatal = { error: misuse };
        return;
      }
    }
    if (!attempt.crashed && !failed) {
      if (this.record) this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'acked' });
      this.acked(attempt);
      return;
    }
    const failures = (attempt.failures ?? 0) + 1;
    if (failures >= this.subject.maxAttempts || error instanceof MessageRejected) {
      if (this.deadLettered === none) this.deadLettered = [];
      this.deadLettered.push(attempt.message);
      if (this.record)
        this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'dead-lettered', error });
      return;
    }
    const outcome = attempt.crashed ? 'crashed' : 'nacked';
    if (this.record)
      this.events.push(
        error === undefined
          ? { kind: 'end', delivery: attempt.id, outcome }
          : { kind: 'end', delivery: attempt.id, outcome, error },
      );
    if (attempt.crashed) this.restartDue = true;
    const injected = attempt.crashed || error instanceof InjectedFailure;
    // A planned fault brings the message back where the plan says; a handler's own throw, later (nack and
    // requeue): behind everything queued, or — keeping per-key order — right before the key's next message.
    const after = attempt.fired ? (attempt.fault?.redeliverAfter ?? 0) : this.queue.length;
    const backoff = attempt.crashed ? 0 : (this.subject.retryBackoff?.(failures) ?? 0);
    this.queue.requeue(attempt.message, after, injected ? 'redelivery' : 'retry', failures, backoff);
  }

  /** An acked delivery moves its key's offset; a planned replay sends back what was not committed yet. */
  private acked(attempt: Attempt): void {
    const batch = this.consumerFaults.replayAfter(attempt, this.subject.keySlots);
    if (!batch) return;
    this.queue.pushFront(batch.map((message) => ({ message, cause: 'replay' })));
    if (this.record)
      this.events.push({ kind: 'consumer', delivery: attempt.id, what: 'replay', messages: batch });
    this.restartDue = true;
  }

  /**
   * A new consumer process: what lived in memory only is rebuilt by the `restart` option. A promise only
   * when that option is given.
   */
  protected restart(world: World): Promise<void> | undefined {
    this.restartDue = false;
    const { restart } = this.subject;
    if (!restart) return undefined;
    if (this.record) this.events.push({ kind: 'consumer', delivery: this.delivered - 1, what: 'restart' });
    return outside('restart(world)', () => this.noted(restart(world)), this.subject.timeout);
  }
}

/** What a run without events or dead letters holds instead of a list of its own. */
const none: never[] = Object.freeze([]) as never[];
