import { EventspecError } from '../errors/eventspec-error.js';

/**
 * `pending` (a promise returned by `decide`, `react` or `project`), or a rejection with
 * `EVENTSPEC_SPEC_TIMEOUT` naming the step when it has not settled within `ms`: an async step that never
 * resolves fails the scenario instead of leaving it pending forever.
 */
export function within<T>(pending: PromiseLike<T>, ms: number, step: () => string): Promise<T> {
  if (!(ms < 2 ** 31)) return Promise.resolve(pending);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(step(), ms)), ms);
  });
  return Promise.race([pending, expired]).finally(() => clearTimeout(timer));
}

function timedOut(step: string, ms: number): EventspecError {
  return new EventspecError(
    'EVENTSPEC_SPEC_TIMEOUT',
    `${step} did not settle within ${ms} ms, so the scenario stops here instead of waiting forever. ` +
      'Look for a promise that is never resolved (an await on something nobody answers). If the step is ' +
      "right to take longer, raise the limit with the scenario's option { timeout: 10_000 }, or for " +
      'every scenario with configureSpecs({ timeout: 10_000 }).',
  );
}

/** Whether `error` is the timeout of {@link within}: it ends the scenario, never counts as the step's throw. */
export function isTimeout(error: unknown): boolean {
  return error instanceof EventspecError && error.code === 'EVENTSPEC_SPEC_TIMEOUT';
}
