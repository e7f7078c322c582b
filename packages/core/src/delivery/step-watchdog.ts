/** The answer of a wait that is over before it starts: one settled promise serves every such wait. */
const reached: Promise<boolean> = Promise.resolve(true);

/** What the watchdog watches (a delivery attempt): its position in the run names it. */
export interface StepSubject {
  readonly id: number;
}

/**
 * Lets one delivery run to its next stop — a park on a crash point, its end, or being blocked on something
 * no crash-point call is doing (a lock another delivery holds) — before the scheduler picks the next step.
 * While the delivery is inside a crash-point call that does real asynchronous work (a `setImmediate`, I/O)
 * the step waits for it, so the plan's interleaving reaches the same orders whatever the latency.
 * One timer serves every step.
 */
export class StepWatchdog<T extends StepSubject> {
  private waiting: { subject: T | undefined; since: number; resolve: (reached: boolean) => void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Subjects that stopped before anyone waited (a park inside the handler's synchronous part). */
  private readonly early: T[] = [];
  // What the watchdog knows of each subject, by its id (kept here rather than on the attempts, which stay
  // the same small objects in every kind of run).
  /** Whether the subject is in `early`. */
  private readonly stoppedEarly: boolean[] = [];
  /** Crash-point calls of the subject known to be doing asynchronous work right now. */
  private readonly callsInProgress: number[] = [];
  /**
   * The promises of its crash-point calls not watched yet: most settle within the step's microtasks, so they
   * are only watched when the step has gone idle (see `idle`).
   */
  private readonly unwatched: (PromiseLike<unknown>[] | undefined)[] = [];
  private idleCheck: ReturnType<typeof setImmediate> | undefined;
  private readonly onIdleCheck = (): void => this.idle();
  private readonly onCheck = (): void => this.check();

  constructor(private readonly timeout: number) {}

  /**
   * Resolves true when `subject` stops or is blocked outside crash-point calls, false when it stays
   * inside one for `timeout` milliseconds. Without a subject: when any subject stops.
   */
  until(subject?: T): Promise<boolean> {
    if (subject !== undefined ? this.stoppedEarly[subject.id] === true : this.early.length > 0) {
      this.clearEarly(subject);
      return reached;
    }
    return new Promise((resolve) => {
      this.waiting = { subject, since: performance.now(), resolve };
      // With a subject, the timer is armed by the idle check, if the step is still going then: most steps
      // end within their microtasks, before any timer could fire, and need none.
      if (subject !== undefined) this.scheduleIdleCheck();
      else this.timer ??= setTimeout(this.onCheck, this.timeout);
    });
  }

  /** `subject` parked or ended: the step is over. */
  stopped(subject: T): void {
    const waiting = this.waiting;
    if (waiting === undefined || (waiting.subject !== undefined && waiting.subject !== subject)) {
      if (this.stoppedEarly[subject.id] !== true) {
        this.stoppedEarly[subject.id] = true;
        this.early.push(subject);
      }
      return;
    }
    this.waiting = undefined;
    waiting.resolve(true);
  }

  /** `subject` goes on from a park: an earlier stop no longer counts. */
  resumed(subject: T): void {
    if (this.stoppedEarly[subject.id] === true) this.clearEarly(subject);
  }

  /** `subject` is inside a crash-point call until `work` settles. */
  inCall(subject: T, work: PromiseLike<unknown>): void {
    const calls = this.unwatched[subject.id];
    if (calls) calls.push(work);
    else this.unwatched[subject.id] = [work];
  }

  /** Counts the unwatched calls of `subject` as in progress until each settles. */
  private watchCalls(subject: T, calls: PromiseLike<unknown>[]): void {
    const { id } = subject;
    this.unwatched[id] = undefined;
    const leave = () => {
      this.callsInProgress[id]!--;
      if (this.waiting?.subject === subject) this.scheduleIdleCheck();
    };
    this.callsInProgress[id] = (this.callsInProgress[id] ?? 0) + calls.length;
    for (const work of calls) work.then(leave, leave);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.idleCheck) clearImmediate(this.idleCheck);
    this.timer = undefined;
    this.idleCheck = undefined;
    this.waiting = undefined;
    this.clearEarly(undefined);
  }

  /** Forgets the early stop of `subject`, or of every subject. */
  private clearEarly(subject: T | undefined): void {
    const { early } = this;
    if (subject === undefined) {
      for (const each of early) this.stoppedEarly[each.id] = false;
      early.length = 0;
      return;
    }
    this.stoppedEarly[subject.id] = false;
    // Their order does not matter: the last one takes the place of the one that goes.
    const at = early.indexOf(subject);
    early[at] = early[early.length - 1]!;
    early.pop();
  }

  /** After the microtasks: a subject neither stopped nor in a crash-point call is blocked elsewhere. */
  private scheduleIdleCheck(): void {
    this.idleCheck ??= setImmediate(this.onIdleCheck);
  }

  private idle(): void {
    this.idleCheck = undefined;
    const waiting = this.waiting;
    const subject = waiting?.subject;
    if (subject === undefined) return;
    // Calls not watched yet are watched now: those already settled say so in the next microtasks, and
    // the check runs again (one turn of the event loop later) once the last of them has settled.
    const calls = this.unwatched[subject.id];
    if (calls) this.watchCalls(subject, calls);
    else if ((this.callsInProgress[subject.id] ?? 0) === 0) {
      this.waiting = undefined;
      waiting!.resolve(true);
      return;
    }
    this.timer ??= setTimeout(this.onCheck, Math.max(1, this.timeout - (performance.now() - waiting!.since)));
  }

  private check(): void {
    this.timer = undefined;
    const waiting = this.waiting;
    if (!waiting) return;
    const left = this.timeout - (performance.now() - waiting.since);
    if (left > 0) {
      this.timer = setTimeout(this.onCheck, left);
      return;
    }
    this.waiting = undefined;
    waiting.resolve(false);
  }
}
