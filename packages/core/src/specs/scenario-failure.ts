import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { describeScenario, type ScenarioOutline } from './describe-scenario.js';

/** A failed terminal step: the headline, the scenario as written, then the comparison. */
export function scenarioFailure(
  code: string,
  headline: string,
  outline: ScenarioOutline | (() => ScenarioOutline),
  body: readonly string[],
  diff?: { actual: unknown; expected: unknown },
  cause?: unknown,
): EventspecError {
  const scenario = typeof outline === 'function' ? outline() : outline;
  const message = [headline, '', ...describeScenario(scenario), ...(body.length ? ['', ...body] : [])].join(
    '\n',
  );
  return new EventspecError(code, message, { ...diff, cause });
}

/** How a thrown value reads in a failure: `OutOfStock: "sku-1" is out of stock`. */
export function describeThrown(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : `${typeof error} ${formatInline(error)}`;
}

/** decide threw something that is not an Error: a misuse, with the fix. */
export function nonErrorThrown(step: string, thrown: unknown): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_NON_ERROR_THROWN',
    `${step}: decide threw a ${typeof thrown} (${formatInline(thrown)}), not an Error. ` +
      'Throw an Error or a subclass of it (throw new OutOfStock(...)), so that failures have a stack ' +
      'and thenError() can check the class and message.',
  );
}

/** What an unfinished scenario lacks, by kind: what to write to finish it. */
const finishWith = {
  'decider-start': 'Give it a command and a terminal step: .when(command).then([...events]).',
  decider:
    'End it with a terminal step after when(...): then([...]), thenMatch([...]), thenError(...), ' +
    'thenNothing() or thenState(...).',
  projection: 'End it with then(readModel) or thenMatch(pattern) after given([...events]).',
  process:
    'Check the last step before awaiting: then({...}), thenMatch({...}), thenInOrder([...]), thenNothing(), ' +
    'thenError(...) or thenState(...).',
} as const;

/** `await` on a scenario that has no terminal step yet. */
export function unfinishedScenario(kind: keyof typeof finishWith): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_UNFINISHED',
    `This scenario was awaited before it was finished, so it checked nothing. ${finishWith[kind]}`,
  );
}
