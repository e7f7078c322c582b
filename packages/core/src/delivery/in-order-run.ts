import type { Message } from '../broker/message.js';
import { type Attempt, installCrashPoints } from './crash-points.js';
import { HandlerDeadline, type SettledCall } from './handler-deadline.js';
import { isThenable } from './injected-faults.js';
import type { RunOutcome } from './run-outcome.js';
import { RunState } from './run-state.js';
import { abandon, notSynchronous, outsideSync } from './user-callback.js';

type Settled = SettledCall;
const acked: Settled = { failed: false };

/** A synchronous run given up for a run that times each handler call (see `runSync`). */
export const needsTiming: unique symbol = Symbol('needs timing');

/**
 * A run that delivers one message at a time, in broker order (concurrency 1, no zombie): each handler call
 * ends — or its promise settles — before the next delivery starts.
 */
export class InOrderRun<World, M extends Message> extends RunState<World, M> {
  readonly concurrent = false;
  private active: Attempt | undefined;
  /**
   * When the last handler call returned, while nothing but the run's own bookkeeping ran since (-1
   * otherwise): the next call starts timing from there, one clock read per delivery instead of two.
   */
  private lastReturn = -1;
  /** When the last timed handler call returned. */
  private returned = 0;

  current(): Attempt | undefined {
    return this.active;
  }

  protected async deliver(world: World): Promise<void> {
    const deadline = new HandlerDeadline(this.subject.timeout);
    try {
      for (let next = this.queue.take(); next; next = this.queue.take()) {
        const attempt = this.begin(next);
        let settled = this.callTimed(world, attempt);
        if (settled === 'overran') return;
        if (isThenable(settled)) {
          this.sawPromise = true;
          const later = await deadline.settle(settled, this.returned);
          if (later === 'timed-out') return this.timeOut(attempt);
          settled = later;
        }
        this.end(attempt, settled);
        if (this.restartDue) {
          await this.restart(world);
          this.lastReturn = -1;
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * `run` without a promise: the outcome, or `notSynchronous` as soon as setup, crashPoints, the handler,
   * restart or observe returns a promise. Untimed (`timed` false), handler calls are not timed one by one:
   * the run only checks, every few deliveries and at its end, that it has not taken longer than `timeout`
   * in all; if it has, some call may have overrun, and it gives way (`needsTiming`) to a timed run.
   */
  runSync(timed: boolean): RunOutcome | typeof notSynchronous | typeof needsTiming {
    const { subject } = this;
    const world = outsideSync('setup()', () => subject.setup());
    if (world === notSynchronous) return notSynchronous;
    const { crashPoints } = subject;
    if (crashPoints) {
      const points = outsideSync('crashPoints(world)', () => crashPoints(world));
      if (points === notSynchronous) return notSynchronous;
      installCrashPoints(points, this);
    }
    const start = timed ? -1 : performance.now();
    const delivered = this.deliverSync(world, start);
    if (delivered !== true) return delivered;
    if (!timed && performance.now() - start > subject.timeout) return needsTiming;
    const outcome = this.outcomeOf(world);
    if (this.timedOut) outcome.timedOut = this.timedOut;
    else {
      const observation = outsideSync('observe(world)', () => subject.observe(world));
      if (observation === notSynchronous) return notSynchronous;
      outcome.observation = observation;
    }
    return outcome;
  }

  /** `deliver` for synchronous handlers; untimed since `start` unless it is -1. */
  private deliverSync(world: World, start: number): true | typeof notSynchronous | typeof needsTiming {
    const { subject } = this;
    for (let next = this.queue.take(); next; next = this.queue.take()) {
      const attempt = this.begin(next);
      let settled: Settled | PromiseLike<unknown> | 'overran';
      if (start < 0) settled = this.callTimed(world, attempt);
      else {
        if ((attempt.id & 7) === 7 && performance.now() - start > subject.timeout) return needsTiming;
        settled = this.call(world, attempt);
      }
      if (settled === 'overran') return true;
      if (isThenable(settled)) {
        abandon(settled);
        return notSynchronous;
      }
      this.end(attempt, settled);
      if (this.restartDue) {
        this.restartDue = false;
        const { restart } = subject;
        if (!restart) continue;
        if (this.record)
          this.events.push({ kind: 'consumer', delivery: this.delivered - 1, what: 'restart' });
        if (outsideSync('restart(world)', () => restart(world)) === notSynchronous) return notSynchronous;
        this.lastReturn = -1;
      }
    }
    return true;
  }

  /** Calls the handler for one delivery: how it ended, or its pending promise. */
  private call(world: World, attempt: Attempt): Settled | PromiseLike<unknown> {
    this.active = attempt;
    let result: unknown;
    try {
      result = this.subject.handle(world, this.subject.messages[attempt.message]!, this.deliveryOf(attempt));
    } catch (error) {
      return { failed: true, error };
    }
    return isThenable(result) ? result : acked;
  }

  /** `call`, timed: an overrun of its synchronous part ends the run. */
  private callTimed(world: World, attempt: Attempt): Settled | PromiseLike<unknown> | 'overran' {
    const started = this.lastReturn >= 0 ? this.lastReturn : performance.now();
    const settled = this.call(world, attempt);
    const returned = performance.now();
    this.returned = returned;
    const overran = returned - started;
    if (overran > this.subject.timeout) {
      this.timeOut(attempt, overran);
      return 'overran';
    }
    this.lastReturn = isThenable(settled) ? -1 : returned;
    return settled;
  }

  private end(attempt: Attempt, settled: Settled): void {
    this.active = undefined;
    this.finish(attempt, settled.failed, settled.error);
    this.rethrow();
  }

  protected override timeOut(attempt: Attempt, overran?: number): void {
    this.active = undefined;
    super.timeOut(attempt, overran);
  }
}
