import { EventspecUsageError } from '../errors/eventspec-error.js';

interface Watched {
  promise: PromiseLike<unknown>;
  awaited: () => boolean;
  what: string;
}

let watched: Watched[] | undefined;

/**
 * The promise an async scenario's terminal step returns: a Promise that notes whether anyone called
 * `then` on it (`await`, `return`, `.catch`, `expect(...).rejects` all do), so a forgotten `await` can be told.
 */
class ScenarioPromise<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }
  awaited = false;
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.awaited = true;
    return super.then(onFulfilled, onRejected);
  }
}

/**
 * Wraps the promise of an async scenario so that, while someone watches (the eventspec() vitest plugin),
 * a scenario nobody awaited fails its test instead of ending in an unhandled rejection, or passing silently.
 */
export function watchedScenario<T>(promise: PromiseLike<T>, what: () => string): Promise<T> {
  if (!watched) return Promise.resolve(promise);
  const scenario = new ScenarioPromise<T>((resolve, reject) => promise.then(resolve, reject));
  // Handled here so no unhandled rejection is reported besides the failure check() gives the test.
  Promise.prototype.then.call(scenario, undefined, () => undefined);
  watched.push({ promise: scenario, awaited: () => scenario.awaited, what: what() });
  return scenario;
}

/** Watches a thenable scenario object (a process-manager scenario), awaited when `awaited()` says so. */
export function watchScenario(
  promise: PromiseLike<unknown>,
  awaited: () => boolean,
  what: () => string,
): void {
  if (!watched) return;
  Promise.resolve(promise).then(undefined, () => undefined);
  watched.push({ promise, awaited, what: what() });
}

/** Whether someone watches for a missing await (then failures are reported by the watcher). */
export function watching(): boolean {
  return watched !== undefined;
}

/** What {@link watchUnawaitedScenarios} returns: the check to run after each test. */
export interface UnawaitedScenarios {
  /**
   * Rejects with `EVENTSPEC_SPEC_NOT_AWAITED` when a scenario started since the last check was never
   * awaited, naming it and saying how it ended; it waits for such scenarios to settle first.
   */
  check(): Promise<void>;
}

/**
 * Starts watching async scenarios for a missing `await`; the eventspec() vitest plugin calls it and runs
 * `check()` after each test, so that the test fails.
 */
export function watchUnawaitedScenarios(): UnawaitedScenarios {
  watched ??= [];
  const list = watched;
  return {
    async check() {
      const started = list.splice(0);
      const forgotten = started.filter((entry) => !entry.awaited());
      if (forgotten.length === 0) return;
      const outcomes = await Promise.allSettled(forgotten.map((entry) => entry.promise));
      const lines = forgotten.map((entry, i) => {
        const outcome = outcomes[i]!;
        const ended =
          outcome.status === 'fulfilled'
            ? 'it passed, but the test did not wait for it'
            : `it failed: ${firstLine(outcome.reason)}`;
        return `  - ${entry.what}: ${ended}`;
      });
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_NOT_AWAITED',
        `${forgotten.length === 1 ? 'An async scenario was' : `${forgotten.length} async scenarios were`} not awaited, so the test ` +
          `could not fail with ${forgotten.length === 1 ? 'it' : 'them'}:\n${lines.join('\n')}\n` +
          'Its decide, project or react returns a promise: put await before the scenario ' +
          '(await scenario(decider).given([...]).when(command).then([...])), or return it from the test.',
        { cause: outcomes.find((o) => o.status === 'rejected')?.reason },
      );
    },
  };
}

function firstLine(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : String(reason);
  return text.split('\n')[0] ?? '';
}
