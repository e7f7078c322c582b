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
  private waiting: { since: number; resolve: (settled: 'timed-out') => void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly timeout: number) {}

  /**
   * How `result` settled, or 'timed-out' once it has been pending for `timeout` milliseconds since `since`
   * (a `performance.now()` reading: when the call returned it).
   */
  settle(result: PromiseLike<unknown>, since: number): Promise<SettledCall | 'timed-out'> {
    return new Promise((resolve) => {
      const waiting = { since, resolve };
      this.waiting = waiting;
      this.timer ??= setTimeout(() => this.check(), this.timeout);
      const settled = (outcome: SettledCall) => {
        if (this.waiting !== waiting) return;
        this.waiting = undefined;
        resolve(outcome);
      };
      result.then(
        () => settled(fulfilled),
        (error: unknown) => settled({ failed: true, error }),
      );
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
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
    waiting.resolve('timed-out');
  }
}
