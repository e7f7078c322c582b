import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { countEvents } from './decider-event-checks.js';
import type { ScenarioOutline } from './describe-scenario.js';
import { mismatchOf, type WantedError } from './error-expectation.js';
import type { Settled } from './maybe-async.js';
import { describeThrown, nonErrorThrown, scenarioFailure } from './scenario-failure.js';

/**
 * The checks of what a decider scenario ends in besides its events: the error `thenError` expects, and
 * the state `thenState` expects after the events; each throws the scenario failure a user reads, or returns.
 */

/** `thenError()`: decide rejected the command with the wanted error. */
export function checkRejection(
  result: Settled<readonly unknown[]>,
  wanted: WantedError,
  outline: ScenarioOutline,
): void {
  if (result.ok) {
    const lines = result.value.map((event, i) => `  [${i}] ${typeName(event)}: ${formatInline(event, 90)}`);
    throw scenarioFailure(
      'EVENTSPEC_SPEC_ERROR_EXPECTED',
      `thenError() failed: decide accepted the command and returned ${countEvents(result.value.length)}.`,
      outline,
      lines,
    );
  }
  if (!(result.error instanceof Error)) throw nonErrorThrown('thenError()', result.error);
  const mismatch = mismatchOf(wanted, result.error);
  if (mismatch) {
    throw scenarioFailure(
      'EVENTSPEC_SPEC_WRONG_ERROR',
      `thenError() failed: decide threw ${describeThrown(result.error)}, but ${mismatch}.`,
      outline,
      [],
      undefined,
      result.error,
    );
  }
}

/** `thenState()`: the state after the events is strictly equal to `expected`, or the predicate accepts it. */
export function checkState<State>(
  state: State,
  expected: State | ((state: State) => boolean | undefined),
  outline: () => ScenarioOutline,
): void {
  if (typeof expected === 'function') {
    const predicate = expected as (state: State) => boolean | undefined;
    let verdict: boolean | undefined;
    try {
      verdict = predicate(state);
    } catch (error) {
      throw scenarioFailure(
        'EVENTSPEC_SPEC_STATE_MISMATCH',
        `thenState() failed: the predicate threw ${describeThrown(error)}.`,
        outline,
        [`  state  ${formatInline(state, 200)}`],
        undefined,
        error,
      );
    }
    if (verdict !== false) return;
    throw scenarioFailure(
      'EVENTSPEC_SPEC_STATE_MISMATCH',
      'thenState() failed: the predicate returned false.',
      outline,
      [`  state  ${formatInline(state, 200)}`],
    );
  }
  if (equalsIn('strict', state, expected)) return;
  const lines = differencesIn('strict', state, expected).map((d) => `  ${describeDifference(d, 'state')}`);
  throw scenarioFailure(
    'EVENTSPEC_SPEC_STATE_MISMATCH',
    'thenState() failed: the state differs.',
    outline,
    lines,
    {
      actual: state,
      expected,
    },
  );
}
