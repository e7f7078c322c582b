import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { Message } from '../broker/message.js';
import type { Attempt } from './crash-points.js';
import type { DeliveryPlan } from './delivery-plan.js';
import { isThenable } from './injected-faults.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import { RunState, type SimulatedAttempt } from './run-state.js';
import type { SimulatedDelivery } from './simulated-delivery.js';
import { StepWatchdog } from './step-watchdog.js';

const inDelivery = new AsyncLocalStorage<SimulatedAttempt>();

/** Calls the handler with `attempt` as the delivery its crash-point calls (now and after awaits) belong to. */
function enterDelivery<World, M extends Message>(
  attempt: SimulatedAttempt,
  handle: RunSubject<World, M>['handle'],
  world: World,
  message: M,
  delivery: SimulatedDelivery,
): unknown {
  inDelivery.enterWith(attempt);
  return handle(world, message, delivery);
}

/**
 * A run with deliveries in flight at once (concurrency above 1, or a zombie beside its new owner). One
 * delivery runs at a time, up to its next park on a crash point or its end; then the plan's interleaving
 * picks which parked delivery goes on. Whatever the latency of a crash-point method, every order of the
 * crash-point steps is reachable.
 */
export class ConcurrentRun<World, M extends Message> extends RunState<World, M> {
  readonly concurrent = true;
  private readonly parked: { attempt: SimulatedAttempt; resume: () => void }[] = [];
  /** The parked delivery actually resumed at each step (the plan's interleaving as it took effect). */
  private readonly choices: number[] = [];
  private readonly steps: StepWatchdog<SimulatedAttempt>;
  /** The deliveries whose handler has not ended yet, oldest first. */
  private readonly inFlight: SimulatedAttempt[] = [];
  /** Each message's key as a small number (`RunSubject.keySlots`). */
  private readonly slots: readonly number[];
  /** Deliveries in flight per key slot. */
  private readonly busy: number[];

  constructor(subject: RunSubject<World, M>, plan: DeliveryPlan, record: boolean) {
    super(subject, plan, record);
    this.steps = new StepWatchdog(subject.timeout);
    this.slots = subject.keySlots;
    this.busy = new Array<number>(subject.keySlots.length).fill(0);
  }

  current(): Attempt | undefined {
    return inDelivery.getStore();
  }

  // Every attempt crash points see here is one `current()` gave: made by `begin`, a SimulatedAttempt.
  inCall(attempt: Attempt, work: PromiseLike<unknown>): void {
    this.steps.inCall(attempt as SimulatedAttempt, work);
  }

  override gate(attempt: Attempt): Promise<void> | undefined {
    const { steps } = this;
    if (this.consumerFaults.takesOver(attempt)) this.takeOver(attempt);
    return new Promise((resume) => {
      this.parked.push({ attempt: attempt as SimulatedAttempt, resume });
      steps.stopped(attempt as SimulatedAttempt);
    });
  }

  protected override completed(outcome: RunOutcome): void {
    let end = this.choices.length;
    while (end > 0 && this.choices[end - 1] === 0) end--;
    outcome.interleaving = this.choices.slice(0, end);
  }

  protected async deliver(world: World): Promise<void> {
    const { steps, inFlight, busy, slots } = this;
    // The scheduler's async context: each handler call enters it, marks its delivery there and leaves it
    // when the call returns. Like `inDelivery.run`, with one context made per delivery instead of two
    // (`run` makes another to restore the one before).
    const scheduler = new AsyncResource('eventspec.delivery-scheduler');
    try {
      const isBusy = this.subject.anyOrder ? undefined : (message: number) => busy[slots[message]!]! > 0;
      const mayStart = () => inFlight.length < this.plan.concurrency || this.queue.takeoverNext;
      let step = 0;
      for (;;) {
        for (let next = mayStart() ? this.queue.take(isBusy) : undefined; next; ) {
          const attempt = this.begin(next);
          if (inFlight.length > 0) this.overlapped = true;
          const pending = this.start(world, attempt, scheduler);
          if (pending === 'overran') return;
          if (pending) {
            inFlight.push(attempt);
            busy[slots[attempt.message]!]!++;
            if (!(await steps.until(attempt))) return this.timeOut(attempt);
          }
          this.rethrow();
          if (this.restartDue) await this.restart(world);
          next = mayStart() ? this.queue.take(isBusy) : undefined;
        }
        this.rethrow();
        if (inFlight.length === 0) {
          if (this.queue.length === 0) return;
          continue;
        }
        const parked = this.parked;
        if (parked.length === 0) {
          // Every delivery in flight waits on something outside crash points: wait for one to move.
          if (!(await steps.until())) return this.timeOut(inFlight[0]!);
          this.rethrow();
          continue;
        }
        const choice = (this.plan.interleaving[step++] ?? 0) % parked.length;
        this.choices.push(choice);
        const { attempt, resume } = removeAt(parked, choice);
        steps.resumed(attempt);
        resume();
        if (!(await steps.until(attempt))) return this.timeOut(attempt);
        this.rethrow();
        if (this.restartDue) await this.restart(world);
      }
    } finally {
      steps.dispose();
    }
  }

  /** Calls the handler for one delivery; true while it is pending, 'overran' when its synchronous part took too long. */
  private start(world: World, attempt: SimulatedAttempt, scheduler: AsyncResource): boolean | 'overran' {
    const { subject } = this;
    const started = performance.now();
    let result: unknown;
    try {
      result = scheduler.runInAsyncScope(
        enterDelivery<World, M>,
        undefined,
        attempt,
        subject.handle,
        world,
        subject.messages[attempt.message]!,
        this.deliveryOf(attempt),
      );
    } catch (thrown) {
      this.finish(attempt, true, thrown);
      return false;
    }
    const overran = performance.now() - started;
    if (overran > subject.timeout) {
      this.timeOut(attempt, overran);
      return 'overran';
    }
    if (!isThenable(result)) {
      this.finish(attempt, false, undefined);
      return false;
    }
    result.then(
      () => this.ended(attempt, false, undefined),
      (thrown: unknown) => this.ended(attempt, true, thrown),
    );
    return true;
  }

  /** The handler's promise for `attempt` settled: the delivery leaves its slot and its key. */
  private ended(attempt: SimulatedAttempt, failed: boolean, error: unknown): void {
    if (this.timedOut) return;
    const { inFlight } = this;
    removeAt(inFlight, inFlight.indexOf(attempt));
    this.busy[this.slots[attempt.message]!]!--;
    this.finish(attempt, failed, error);
    this.steps.stopped(attempt);
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

/** `list.splice(index, 1)[0]` without the array splice makes (`pop`: cheaper than shortening `length`). */
function removeAt<T>(list: T[], index: number): T {
  const item = list[index]!;
  for (let at = index; at < list.length - 1; at++) list[at] = list[at + 1]!;
  list.pop();
  return item;
}
