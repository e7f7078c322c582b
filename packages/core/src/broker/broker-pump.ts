import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';

/**
 * The heartbeat of an in-memory broker: coalesces "something changed" into one dispatch pass on the next
 * microtask, and resolves `settle()` callers once a pass finds nothing in flight and nothing to deliver.
 */
export class BrokerPump {
  private scheduled = false;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  private readonly timeouts = new Set<ReturnType<typeof setTimeout>>();
  private readonly immediates = new Set<ReturnType<typeof setImmediate>>();

  constructor(
    private readonly name: string,
    private readonly dispatch: () => void,
    private readonly isIdle: () => boolean,
    private readonly describePending: () => string,
  ) {}

  /** Runs a dispatch pass soon (once, however often it is asked). */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.closed) return;
      this.dispatch();
      if (this.isIdle()) for (const wake of [...this.waiters]) wake();
    });
  }

  /**
   * Calls `release` (what was held back becomes deliverable) and runs a dispatch pass after `ms`
   * milliseconds, or after the pending timers and I/O (`setImmediate`) when 0: a retry never starves the
   * event loop, so `settle({ timeout })` can still fire.
   */
  scheduleAfter(ms: number, release: () => void): void {
    if (this.closed) return;
    if (ms > 0) {
      const timer = setTimeout(() => {
        this.timeouts.delete(timer);
        release();
        this.schedule();
      }, ms);
      this.timeouts.add(timer);
    } else {
      const immediate = setImmediate(() => {
        this.immediates.delete(immediate);
        release();
        this.schedule();
      });
      this.immediates.add(immediate);
    }
  }

  settle(timeout = 5000): Promise<void> {
    this.assertOpen('settle');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(
          new EventspecError(
            'EVENTSPEC_BROKER_SETTLE_TIMEOUT',
            `${this.name}.settle() waited ${timeout} ms and the broker is still busy: ${this.describePending()}. ` +
              'A handler may hang, or keep failing without a maxAttempts bound; pass a longer { timeout } if it is just slow.',
          ),
        );
      }, timeout);
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      this.schedule();
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timeouts) clearTimeout(timer);
    for (const immediate of this.immediates) clearImmediate(immediate);
    this.timeouts.clear();
    this.immediates.clear();
    for (const wake of [...this.waiters]) wake();
  }

  assertOpen(method: string): void {
    if (this.closed) {
      throw new EventspecUsageError(
        'EVENTSPEC_BROKER_CLOSED',
        `${this.name}.${method}() was called after close(); create a new broker for each test (or use \`await using\`).`,
      );
    }
  }
}
