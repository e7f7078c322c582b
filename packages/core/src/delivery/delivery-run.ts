import { AsyncLocalStorage } from 'node:async_hooks';
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
import { SimulatedDelivery, startOfTime, tickMs } from './simulated-delivery.js';
import { StepWatchdog } from './step-watchdog.js';
import { abandon, notSynchronous, outside, outsideSync, settleWithin } from './user-callback.js';

const inDelivery = new AsyncLocalStorage<Attempt>();

/** Runs `plan` on a fresh world and reports what happened (without its events unless `record`). */
export function runPlan<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
  record = true,
): Promise<RunOutcome> {
  return new DeliveryRun(subject, plan, record).run();
}

/**
 * `runPlan` without a promise, for a plan delivered in order (concurrency 1, no zombie): the outcome, or
 * `undefined` as soon as setup, crashPoints, the handler, restart or observe returns a promise — the
 * caller then runs its plans with `runPlan` instead. Same deliveries, faults and events as `runPlan`.
 */
export function runPlanSync<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
  record = true,
): RunOutcome | undefined {
  const run = new DeliveryRun(subject, plan, record);
  return run.concurrent ? undefined : run.runSync();
}

/** How a delivery's handler call ended, once settled. */
interface Settled {
  failed: boolean;
  error?: unknown;
}
const acked: Settled = { failed: false };

class DeliveryRun<World, M extends Message> implements CallSite {
  private readonly events: RunEvent[] = [];
  /** Deliveries of each message so far (what `delivery.attempt` counts). */
  private readonly attempts: Uint32Array;
  /** The plan's failures by message; undefined when it has none. */
  private readonly failures: Map<number, PlannedFailure[]> | undefined;
  private readonly consumerFaults: ConsumerFaults;
  private readonly deadLettered: number[] = [];
  private readonly parked: { attempt: Attempt; resume: () => void }[] = [];
  /** The parked delivery actually resumed at each step (the plan's interleaving as it took effect). */
  private readonly choices: number[] = [];
  readonly concurrent: boolean;
  private readonly queue: DeliveryQueue;
  private readonly steps: StepWatchdog<Attempt> | undefined;
  private active: Attempt | undefined;
  private timedOut: RunOutcome['timedOut'];
  private overlapped = false;
  private delivered = 0;
  private clock = startOfTime - tickMs;
  private restartDue = false;
  /**
   * When the last in-order handler call returned, while nothing but the run's own bookkeeping ran since
   * (-1 otherwise): the next call starts timing from there, one clock read per delivery instead of two.
   */
  private lastReturn = -1;
  /** Whether a callback returned a promise during this run. */
  private sawPromise = false;
  /** An eventspec usage error thrown inside the handler: a mistake in the check, not a nack. */
  private fatal: { error: unknown } | undefined;

  constructor(
    private readonly subject: RunSubject<World, M>,
    private readonly plan: DeliveryPlan,
    /** Whether to keep the events (the timeline): a passing run needs none, a failing one is run again. */
    private readonly record: boolean,
  ) {
    const count = subject.messages.length;
    this.attempts = new Uint32Array(count);
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
    this.concurrent = plan.concurrency > 1 || this.consumerFaults.hasZombies;
    this.queue = new DeliveryQueue(plan, subject.keys, subject.anyOrder);
    if (this.concurrent) this.steps = new StepWatchdog(subject.timeout);
  }

  get asyncLabels(): Set<string> {
    return this.subject.asyncLabels;
  }

  async run(): Promise<RunOutcome> {
    const { subject } = this;
    const world = await outside('setup()', () => this.noted(subject.setup()), subject.timeout);
    const { crashPoints } = subject;
    if (crashPoints)
      installCrashPoints(await outside('crashPoints(world)', () => this.noted(crashPoints(world))), this);
    try {
      if (this.concurrent) await this.runConcurrently(world);
      else await this.runInOrder(world);
    } finally {
      this.steps?.dispose();
    }
    const outcome: RunOutcome = {
      world,
      events: this.events,
      deadLettered: this.deadLettered.sort((a, b) => a - b),
      overlapped: this.overlapped,
    };
    if (this.concurrent) {
      let end = this.choices.length;
      while (end > 0 && this.choices[end - 1] === 0) end--;
      outcome.interleaving = this.choices.slice(0, end);
    }
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else
      outcome.observation = await outside(
        'observe(world)',
        () => this.noted(subject.observe(world)),
        subject.timeout,
      );
    if (!this.concurrent && !this.sawPromise) outcome.synchronous = true;
    return outcome;
  }

  /** Notes a callback's result that is a promise. */
  private noted<T>(result: T): T {
    if (isThenable(result)) this.sawPromise = true;
    return result;
  }

  /** `run` for synchronous callbacks: `undefined` once one returns a promise (see `runPlanSync`). */
  runSync(): RunOutcome | undefined {
    const { subject } = this;
    const world = outsideSync('setup()', () => subject.setup());
    if (world === notSynchronous) return undefined;
    const { crashPoints } = subject;
    if (crashPoints) {
      const points = outsideSync('crashPoints(world)', () => crashPoints(world));
      if (points === notSynchronous) return undefined;
      installCrashPoints(points, this);
    }
    if (!this.runInOrderSync(world)) return undefined;
    const outcome: RunOutcome = {
      world,
      events: this.events,
      deadLettered: this.deadLettered.sort((a, b) => a - b),
      overlapped: this.overlapped,
    };
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else {
      const observation = outsideSync('observe(world)', () => subject.observe(world));
      if (observation === notSynchronous) return undefined;
      outcome.observation = observation;
    }
    return outcome;
  }

  current(): Attempt | undefined {
    return this.concurrent ? inDelivery.getStore() : this.active;
  }

  onCall(attempt: Attempt, label: string): PlannedFailure['mode'] | undefined {
    const call = attempt.calls++;
    const fault = attempt.fault?.call === call ? attempt.fault.mode : undefined;
    if (fault) attempt.fired = true;
    if (this.record) this.events.push({ kind: 'call', delivery: attempt.id, label, fault });
    return fault;
  }

  inCall(attempt: Attempt, work: PromiseLike<unknown>): void {
    this.steps?.inCall(attempt, work);
  }

  gate(attempt: Attempt): Promise<void> | undefined {
    const steps = this.steps;
    if (!steps) return undefined;
    if (this.consumerFaults.takesOver(attempt)) this.takeOver(attempt);
    return new Promise((resume) => {
      this.parked.push({ attempt, resume });
      steps.stopped(attempt);
    });
  }

  private async runInOrder(world: World): Promise<void> {
    for (let next = this.queue.take(); next; next = this.queue.take()) {
      const attempt = this.begin(next);
      let settled = this.callInOrder(world, attempt);
      if (settled === 'overran') return;
      if (isThenable(settled)) {
        this.sawPromise = true;
        const later = await settleWithin(settled, this.subject.timeout);
        if (later === 'timed-out') return this.timeOut(attempt);
        settled = later;
      }
      this.endInOrder(attempt, settled);
      if (this.restartDue) {
        await this.restart(world);
        this.lastReturn = -1;
      }
    }
  }

  /** `runInOrder` for synchronous handlers: false once the handler (or `restart`) returns a promise. */
  private runInOrderSync(world: World): boolean {
    for (let next = this.queue.take(); next; next = this.queue.take()) {
      const attempt = this.begin(next);
      const settled = this.callInOrder(world, attempt);
      if (settled === 'overran') return true;
      if (isThenable(settled)) {
        abandon(settled);
        return false;
      }
      this.endInOrder(attempt, settled);
      if (this.restartDue) {
        this.restartDue = false;
        const { restart } = this.subject;
        if (!restart) continue;
        if (this.record)
          this.events.push({ kind: 'consumer', delivery: this.delivered - 1, what: 'restart' });
        if (outsideSync('restart(world)', () => restart(world)) === notSynchronous) return false;
        this.lastReturn = -1;
      }
    }
    return true;
  }

  /** Calls the handler for one delivery in order: how it ended, its pending promise, or an overrun. */
  private callInOrder(world: World, attempt: Attempt): Settled | PromiseLike<unknown> | 'overran' {
    this.active = attempt;
    const started = this.lastReturn >= 0 ? this.lastReturn : performance.now();
    let result: unknown;
    let settled = acked;
    try {
      result = this.subject.handle(world, this.subject.messages[attempt.message]!, this.deliveryOf(attempt));
    } catch (error) {
      settled = { failed: true, error };
    }
    const returned = performance.now();
    const overran = returned - started;
    if (overran > this.subject.timeout) {
      this.timeOut(attempt, overran);
      return 'overran';
    }
    if (!settled.failed && isThenable(result)) {
      this.lastReturn = -1;
      return result;
    }
    this.lastReturn = returned;
    return settled;
  }

  private endInOrder(attempt: Attempt, settled: Settled): void {
    this.active = undefined;
    this.finish(attempt, settled.failed, settled.error);
    this.rethrow();
  }

  /**
   * Under concurrency one delivery runs at a time, up to its next park on a crash point or its end; then the
   * plan's interleaving picks which parked delivery goes on. Whatever the latency of a crash-point method,
   * every order of the crash-point steps is reachable.
   */
  private async runConcurrently(world: World): Promise<void> {
    const steps = this.steps!;
    const inFlight = new Set<Attempt>();
    const busyKeys = new Map<string, number>();
    const isBusy = this.subject.anyOrder ? undefined : (key: string) => busyKeys.has(key);
    const mayStart = () => inFlight.size < this.plan.concurrency || this.queue.takeoverNext;
    let step = 0;
    for (;;) {
      for (let next = mayStart() ? this.queue.take(isBusy) : undefined; next; ) {
        const attempt = this.begin(next);
        if (inFlight.size > 0) this.overlapped = true;
        const key = this.queue.keyOf(attempt.message);
        const pending = this.start(world, attempt, () => {
          inFlight.delete(attempt);
          const left = busyKeys.get(key)! - 1;
          if (left > 0) busyKeys.set(key, left);
          else busyKeys.delete(key);
        });
        if (pending === 'overran') return;
        if (pending) {
          inFlight.add(attempt);
          busyKeys.set(key, (busyKeys.get(key) ?? 0) + 1);
          if (!(await steps.until(attempt))) return this.timeOut(attempt);
        }
        this.rethrow();
        if (this.restartDue) await this.restart(world);
        next = mayStart() ? this.queue.take(isBusy) : undefined;
      }
      this.rethrow();
      if (inFlight.size === 0) {
        if (this.queue.length === 0) return;
        continue;
      }
      const parked = this.parked;
      if (parked.length === 0) {
        // Every delivery in flight waits on something outside crash points: wait for one to move.
        if (!(await steps.until())) return this.timeOut([...inFlight][0]!);
        this.rethrow();
        continue;
      }
      const choice = (this.plan.interleaving[step++] ?? 0) % parked.length;
      this.choices.push(choice);
      const { attempt, resume } = parked.splice(choice, 1)[0]!;
      steps.resumed(attempt);
      resume();
      if (!(await steps.until(attempt))) return this.timeOut(attempt);
      this.rethrow();
      if (this.restartDue) await this.restart(world);
    }
  }

  /** A usage error inside the handler stops the check: it is a mistake in the check, not a nack. */
  private rethrow(): void {
    if (this.fatal) throw this.fatal.error;
  }

  /** Calls the handler for one delivery; true while it is pending, 'overran' when its synchronous part took too long. */
  private start(world: World, attempt: Attempt, leave: () => void): boolean | 'overran' {
    const message = this.subject.messages[attempt.message]!;
    const started = performance.now();
    let result: unknown;
    try {
      result = inDelivery.run(attempt, () => this.subject.handle(world, message, this.deliveryOf(attempt)));
    } catch (thrown) {
      this.finish(attempt, true, thrown);
      return false;
    }
    const overran = performance.now() - started;
    if (overran > this.subject.timeout) {
      this.timeOut(attempt, overran);
      return 'overran';
    }
    if (!isThenable(result)) {
      this.finish(attempt, false, undefined);
      return false;
    }
    const done = (failed: boolean, error?: unknown) => {
      if (this.timedOut) return;
      leave();
      this.finish(attempt, failed, error);
      this.steps?.stopped(attempt);
    };
    result.then(
      () => done(false),
      (thrown: unknown) => done(true, thrown),
    );
    return true;
  }

  private begin(next: QueuedDelivery): Attempt {
    const attempt = ++this.attempts[next.message]!;
    const fault = this.failures?.get(next.message)?.[attempt - 1];
    this.clock += tickMs + (next.lateBy ?? 0);
    const started: Attempt = {
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

  private deliveryOf(attempt: Attempt): SimulatedDelivery {
    return new SimulatedDelivery(attempt.attempt, this.clock);
  }

  private timeOut(attempt: Attempt, overran?: number): void {
    this.active = undefined;
    this.timedOut = { message: attempt.message, attempt: attempt.attempt };
    if (overran !== undefined) this.timedOut.overran = Math.round(overran);
    if (this.record) this.events.push({ kind: 'end', delivery: attempt.id, outcome: 'timed-out' });
  }

  private finish(attempt: Attempt, failed: boolean, error: unknown): void {
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
    const batch = this.consumerFaults.replayAfter(attempt, this.queue.keyOf(attempt.message));
    if (!batch) return;
    this.queue.pushFront(batch.map((message) => ({ message, cause: 'replay' })));
    if (this.record)
      this.events.push({ kind: 'consumer', delivery: attempt.id, what: 'replay', messages: batch });
    this.restartDue = true;
  }

  /** The consumer of `attempt` is declared dead while it waits: a new owner delivers its message too. */
  private takeOver(attempt: Attempt): void {
    this.queue.pushFront([{ message: attempt.message, cause: 'zombie-takeover', takeover: true }]);
    if (this.record)
      this.events.push({
        kind: 'consumer',
        delivery: attempt.id,
        what: 'zombie',
        messages: [attempt.message],
      });
    this.restartDue = true;
  }

  /** A new consumer process: what lived in memory only is rebuilt by the `restart` option. */
  private async restart(world: World): Promise<void> {
    this.restartDue = false;
    const { restart } = this.subject;
    if (!restart) return;
    if (this.record) this.events.push({ kind: 'consumer', delivery: this.delivered - 1, what: 'restart' });
    await outside('restart(world)', () => this.noted(restart(world)), this.subject.timeout);
  }
}
