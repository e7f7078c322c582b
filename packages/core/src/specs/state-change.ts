import type { EventspecError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { type DataSnapshot, recordedValue, unchangedSince } from '../matching/data-snapshot.js';
import type { ScenarioOutline } from './describe-scenario.js';
import { scenarioFailure } from './scenario-failure.js';

const labels = { expected: 'before', actual: 'after decide' };

/**
 * The failure of a `decide` that changed the state it was given (compared with a snapshot taken before it
 * ran), field by field; `undefined` when the state is as it was.
 */
export function stateChangedBy<State>(
  step: string,
  state: State,
  snapshot: DataSnapshot,
  outline: ScenarioOutline | (() => ScenarioOutline),
): EventspecError | undefined {
  const unchanged = unchangedSince(state, snapshot);
  if (unchanged === true) return undefined;
  const before = recordedValue(snapshot) as State;
  if (unchanged === undefined && equalsIn('strict', state, before)) return undefined;
  const lines = differencesIn('strict', state, before).map(
    (d) => `  ${describeDifference(d, 'state', labels)}`,
  );
  return scenarioFailure(
    'EVENTSPEC_SPEC_STATE_CHANGED',
    `${step} failed: decide changed the state it was given (an illegal state change).`,
    outline,
    [
      ...lines,
      '',
      'decide must only read its state and return events; evolve folds them into the next state. Copy',
      'what you change ({ ...state, lines: { ...state.lines } }), or change state only in evolve.',
    ],
    { actual: state, expected: before },
  );
}
