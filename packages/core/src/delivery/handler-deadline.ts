/** How a handler's promise settled. */
export interface SettledCall {
  failed: boolean;
  error?: unknown;
}

const fulfilled: SettledCall = { failed: false };

/**
 * Waits for the promises of a run's handler calls, one at a time, each up to `timeout` milliseconds, with
 * one timer for the whole run instead of one per delivery: the timer, when it fires, gives the current
 * wait what is left of its time.
 */
export class HandlerDeadline {
  private waiting: { since: number; resolve: (settled: SettledCall | 'timed-out') => void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private arming: ReturnType<typeof setImmediate> | undefined;
  private readonly onArm = (): void => this.arm();
  private readonly onCheck = (): void => this.check();

  constructor(private readonly timeout: number) {}

  /**
   * How `result` settled, or 'timed-out' once it has been pending for `timeout` milliseconds since `since`
   * (a `performance.now()` reading: when the call returned it).
   */
  settle(result: PromiseLike<unknown>, since: number): Promise<SettledCall | 'timed-out'> {
    return new Promise((resolve) => {
      this.waiting = { since, resolve };
      // The timer is armed once the microtasks have drained, if a wait is still going then: most runs end
      // before any timer could fire, and need none.
      if (this.timer === undefined) this.arming ??= setImmediate(this.onArm);
      // One wait at a time: a result that settles after its wait timed out finds the run over (disposed).
      result.then(this.fulfilled, this.rejected);
    });
  }

  private readonly fulfilled = (): void => this.settled(fulfilled);
  private readonly rejected = (error: unknown): void => this.settled({ failed: true, error });

  private settled(outcome: SettledCall): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    waiting.resolve(outcome);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.arming) clearImmediate(this.arming);
    this.timer = undefined;
    this.arming = undefined;
    this.waiting = undefined;
  }

  private arm(): void {
    this.arming = undefined;
    const waiting = this.waiting;
    if (!waiting || this.timer) return;
    this.timer = setTimeout(this.onCheck, Math.max(1, this.timeout - (performance.now() - waiting.since)));
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
    waiting.resolve('timed-out');
  }
}
