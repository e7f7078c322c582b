import { AsyncLocalStorage } from 'node:async_hooks';
import type { Message } from '../broker/message.js';
import type { Attempt } from './crash-points.js';
import type { DeliveryPlan } from './delivery-plan.js';
import { isThenable } from './injected-faults.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import { RunState } from './run-state.js';
import { StepWatchdog } from './step-watchdog.js';

const inDelivery = new AsyncLocalStorage<Attempt>();

/**
 * A run with deliveries in flight at once (concurrency above 1, or a zombie beside its new owner). One
 * delivery runs at a time, up to its next park on a crash point or its end; then the plan's interleaving
 * picks which parked delivery goes on. Whatever the latency of a crash-point method, every order of the
 * crash-point steps is reachable.
 */
export class ConcurrentRun<World, M extends Message> extends RunState<World, M> {
  readonly concurrent = true;
  private readonly parked: { attempt: Attempt; resume: () => void }[] = [];
  /** The parked delivery actually resumed at each step (the plan's interleaving as it took effect). */
  private readonly choices: number[] = [];
  private readonly steps: StepWatchdog<Attempt>;

  constructor(subject: RunSubject<World, M>, plan: DeliveryPlan, record: boolean) {
    super(subject, plan, record);
    this.steps = new StepWatchdog(subject.timeout);
  }

  current(): Attempt | undefined {
    return inDelivery.getStore();
  }

  inCall(attempt: Attempt, work: PromiseLike<unknown>): void {
    this.steps.inCall(attempt, work);
  }

  override gate(attempt: Attempt): Promise<void> | undefined {
    const { steps } = this;
    if (this.consumerFaults.takesOver(attempt)) this.takeOver(attempt);
    return new Promise((resume) => {
      this.parked.push({ attempt, resume });
      steps.stopped(attempt);
    });
  }

  protected override completed(outcome: RunOutcome): void {
    let end = this.choices.length;
    while (end > 0 && this.choices[end - 1] === 0) end--;
    outcome.interleaving = this.choices.slice(0, end);
  }

  protected async deliver(world: World): Promise<void> {
    try {
      await this.schedule(world);
    } finally {
      this.steps.dispose();
    }
  }

  private async schedule(world: World): Promise<void> {
    const { steps } = this;
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
      this.steps.stopped(attempt);
    };
    result.then(
      () => done(false),
      (thrown: unknown) => done(true, thrown),
    );
    return true;
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
}
