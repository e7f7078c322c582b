/**
 * Lets one delivery run to its next stop — a park on a crash point, its end, or being blocked on something
 * no crash-point call is doing (a lock another delivery holds) — before the scheduler picks the next step.
 * While the delivery is inside a crash-point call that does real asynchronous work (a `setImmediate`, I/O)
 * the step waits for it, so the plan's interleaving reaches the same orders whatever the latency.
 * One timer serves every step.
 */
export class StepWatchdog<T> {
  private waiting: { subject: T | undefined; since: number; resolve: (reached: boolean) => void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Subjects that stopped before anyone waited (a park inside the handler's synchronous part). */
  private readonly early = new Set<T>();
  /** Crash-point calls in progress, per subject. */
  private readonly calls = new Map<T, number>();
  private idleCheck: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly timeout: number) {}

  /**
   * Resolves true when `subject` stops or is blocked outside crash-point calls, false when it stays
   * inside one for `timeout` milliseconds. Without a subject: when any subject stops.
   */
  until(subject?: T): Promise<boolean> {
    if (subject !== undefined && this.early.delete(subject)) return Promise.resolve(true);
    if (subject === undefined && this.early.size > 0) {
      this.early.clear();
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.waiting = { subject, since: performance.now(), resolve };
      this.timer ??= setTimeout(() => this.check(), this.timeout);
      if (subject !== undefined) this.scheduleIdleCheck();
    });
  }

  /** `subject` parked or ended: the step is over. */
  stopped(subject: T): void {
    const waiting = this.waiting;
    if (waiting === undefined || (waiting.subject !== undefined && waiting.subject !== subject)) {
      this.early.add(subject);
      return;
    }
    this.waiting = undefined;
    waiting.resolve(true);
  }

  /** `subject` goes on from a park: an earlier stop no longer counts. */
  resumed(subject: T): void {
    this.early.delete(subject);
  }

  /** `subject` is inside a crash-point call until `work` settles. */
  inCall(subject: T, work: PromiseLike<unknown>): void {
    this.calls.set(subject, (this.calls.get(subject) ?? 0) + 1);
    const leave = () => {
      const left = this.calls.get(subject)! - 1;
      if (left > 0) this.calls.set(subject, left);
      else this.calls.delete(subject);
      if (this.waiting?.subject === subject) this.scheduleIdleCheck();
    };
    work.then(leave, leave);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.idleCheck) clearImmediate(this.idleCheck);
    this.timer = undefined;
    this.idleCheck = undefined;
    this.waiting = undefined;
    this.early.clear();
  }

  /** After the microtasks: a subject neither stopped nor in a crash-point call is blocked elsewhere. */
  private scheduleIdleCheck(): void {
    this.idleCheck ??= setImmediate(() => {
      this.idleCheck = undefined;
      const waiting = this.waiting;
      if (waiting?.subject === undefined || this.calls.has(waiting.subject)) return;
      this.waiting = undefined;
      waiting.resolve(true);
    });
  }

  private check(): void {
    this.timer = undefined;
    const waiting = this.waiting;
    if (!waiting) return;
    const left = this.timeout - (performance.now() - waiting.since);
    if (left > 0) {
      this.timer = setTimeout(() => this.check(), left);
      return;
    }
    this.waiting = undefined;
    waiting.resolve(false);
  }
}
