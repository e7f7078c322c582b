import { AsyncLocalStorage } from 'node:async_hooks';
import type { Delivery, Message } from '../broker/message.js';
import { MessageRejected } from '../broker/message-rejected.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { type Attempt, type CallSite, installCrashPoints } from './crash-points.js';
import type { DeliveryPlan, PlannedFailure } from './delivery-plan.js';
import { DeliveryQueue, type QueuedDelivery } from './delivery-queue.js';
import { InjectedFailure, isThenable } from './injected-faults.js';
import type { RunEvent, RunOutcome, RunSubject } from './run-outcome.js';
import { outside, settleWithin } from './user-callback.js';

/** Virtual delivery times start here and move one second per delivery. */
const startOfTime = Date.UTC(2024, 0, 1);
const inDelivery = new AsyncLocalStorage<Attempt>();
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `plan` on a fresh world and reports what happened. */
export function runPlan<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
): Promise<RunOutcome> {
  return new DeliveryRun(subject, plan).run();
}

class DeliveryRun<World, M extends Message> implements CallSite {
  private readonly events: RunEvent[] = [];
  private readonly attempts: number[];
  private readonly failures = new Map<number, PlannedFailure[]>();
  private readonly deadLettered: number[] = [];
  private readonly parked: { attempt: Attempt; resume: () => void }[] = [];
  private readonly concurrent: boolean;
  private active: Attempt | undefined;
  private timedOut: { message: number; attempt: number } | undefined;
  private overlapped = false;
  private delivered = 0;
  private wake: (() => void) | undefined;
  /** An eventspec usage error thrown inside the handler: a mistake in the check, not a nack. */
  private fatal: { error: unknown } | undefined;

  constructor(
    private readonly subject: RunSubject<World, M>,
    private readonly plan: DeliveryPlan,
  ) {
    const count = subject.messages.length;
    this.attempts = new Array<number>(count).fill(0);
    for (const failure of plan.failures) {
      const message = failure.message % count;
      const list = this.failures.get(message) ?? [];
      list.push(failure);
      this.failures.set(message, list);
    }
    this.concurrent = plan.concurrency > 1;
  }

  get asyncLabels(): Set<string> {
    return this.subject.asyncLabels;
  }

  async run(): Promise<RunOutcome> {
    const world = await outside('setup()', () => this.subject.setup());
    const { crashPoints } = this.subject;
    if (crashPoints) installCrashPoints(await outside('crashPoints(world)', () => crashPoints(world)), this);
    const queue = new DeliveryQueue(this.plan, this.subject.keys, this.subject.anyOrder);
    if (this.concurrent) await this.runConcurrently(world, queue);
    else await this.runInOrder(world, queue);
    const outcome: RunOutcome = {
      world,
      events: this.events,
      deadLettered: this.deadLettered.sort((a, b) => a - b),
      overlapped: this.overlapped,
    };
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else outcome.observation = await outside('observe(world)', () => this.subject.observe(world));
    return outcome;
  }

  current(): Attempt | undefined {
    return this.concurrent ? inDelivery.getStore() : this.active;
  }

  onCall(attempt: Attempt, label: string): PlannedFailure['mode'] | undefined {
    const call = attempt.calls++;
    const fault = attempt.fault?.call === call ? attempt.fault.mode : undefined;
    if (fault) attempt.fired = true;
    this.events.push({ kind: 'call', delivery: attempt.id, label, fault });
    return fault;
  }

  gate(attempt: Attempt): Promise<void> | undefined {
    if (!this.concurrent) return undefined;
    return new Promise((resume) => {
      this.parked.push({ attempt, resume });
      this.wake?.();
    });
  }

  private async runInOrder(world: World, queue: DeliveryQueue): Promise<void> {
    for (let next = queue.take(); next; next = queue.take()) {
      const attempt = this.begin(next);
      this.active = attempt;
      let result: unknown;
      let failed = false;
      let error: unknown;
      try {
        result = this.subject.handle(
          world,
          this.subject.messages[attempt.message]!,
          this.deliveryOf(attempt),
        );
      } catch (thrown) {
        failed = true;
        error = thrown;
      }
      if (!failed && isThenable(result)) {
        const settled = await settleWithin(result, this.subject.timeout);
        if (settled === 'timed-out') return this.timeOut(attempt);
        failed = settled.failed;
        error = settled.error;
      }
      this.active = undefined;
      this.finish(attempt, failed, error, queue);
      if (this.fatal) throw this.fatal.error;
    }
  }

  private async runConcurrently(world: World, queue: DeliveryQueue): Promise<void> {
    const inFlight = new Set<Attempt>();
    const busyKeys = new Set<string>();
    const isBusy = this.subject.anyOrder ? undefined : (key: string) => busyKeys.has(key);
    let step = 0;
    while (queue.length > 0 || inFlight.size > 0) {
      for (let next = inFlight.size < this.plan.concurrency ? queue.take(isBusy) : undefined; next; ) {
        const attempt = this.begin(next);
        if (inFlight.size > 0) this.overlapped = true;
        const key = queue.keyOf(attempt.message);
        const message = this.subject.messages[attempt.message]!;
        let result: unknown;
        let failed = false;
        let error: unknown;
        try {
          result = inDelivery.run(attempt, () =>
            this.subject.handle(world, message, this.deliveryOf(attempt)),
          );
        } catch (thrown) {
          failed = true;
          error = thrown;
        }
        if (!failed && isThenable(result)) {
          inFlight.add(attempt);
          busyKeys.add(key);
          const done = (failedLater: boolean, errorLater?: unknown) => {
            if (this.timedOut) return;
            inFlight.delete(attempt);
            busyKeys.delete(key);
            this.finish(attempt, failedLater, errorLater, queue);
            this.wake?.();
          };
          result.then(
            () => done(false),
            (thrown: unknown) => done(true, thrown),
          );
        } else this.finish(attempt, failed, error, queue);
        next = inFlight.size < this.plan.concurrency ? queue.take(isBusy) : undefined;
      }
      if (this.fatal) throw this.fatal.error;
      if (inFlight.size === 0) continue;
      await nextTurn();
      if (this.timedOut) return;
      if (this.parked.length > 0) {
        const choice = (this.plan.interleaving[step++] ?? 0) % this.parked.length;
        this.parked.splice(choice, 1)[0]!.resume();
        continue;
      }
      if (inFlight.size === 0 || !(await this.awaitWake())) continue;
      const hung = [...inFlight][0]!;
      return this.timeOut(hung);
    }
  }

  /** Waits for a park or an end; true when the timeout passed first. */
  private awaitWake(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(true);
      }, this.subject.timeout);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(false);
      };
    });
  }

  private begin(next: QueuedDelivery): Attempt {
    const attempt = ++this.attempts[next.message]!;
    const fault = this.failures.get(next.message)?.[attempt - 1];
    const started: Attempt = {
      id: this.delivered++,
      message: next.message,
      attempt,
      calls: 0,
      fault,
      fired: false,
      crashed: false,
    };
    this.events.push({
      kind: 'start',
      delivery: started.id,
      message: next.message,
      attempt,
      cause: next.cause,
    });
    return started;
  }

  private deliveryOf(attempt: Attempt): Delivery {
    return {
      attempt: attempt.attempt,
      redelivered: attempt.attempt > 1,
      deliveredAt: new Date(startOfTime + attempt.id * 1000),
    };
  }

  private timeOut(attempt: Attempt): void {
    this.active = undefined;
    this.timedOut = { message: attempt.message, attempt: attempt.attempt };
    this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'timed-out' });
  }

  private finish(attempt: Attempt, failed: boolean, error: unknown, queue: DeliveryQueue): void {
    if (failed && error instanceof EventspecUsageError) {
      this.fatal ??= { error };
      return;
    }
    if (!attempt.crashed && !failed) {
      this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'acked' });
      return;
    }
    if (attempt.attempt >= this.subject.maxAttempts || error instanceof MessageRejected) {
      this.deadLettered.push(attempt.message);
      this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'dead-lettered', error });
      return;
    }
    const outcome = attempt.crashed ? 'crashed' : 'nacked';
    this.events.push(
      error === undefined
        ? { kind: 'end', delivery: attempt.id, outcome }
        : { kind: 'end', delivery: attempt.id, outcome, error },
    );
    const injected = attempt.crashed || error instanceof InjectedFailure;
    // A planned fault brings the message back where the plan says; a handler's own throw, later (nack and
    // requeue): behind everything queued, or — keeping per-key order — right before the key's next message.
    const after = attempt.fired ? (attempt.fault?.redeliverAfter ?? 0) : queue.length;
    queue.requeue(attempt.message, after, injected ? 'redelivery' : 'retry');
  }
}
