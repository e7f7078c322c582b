import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import type { Decider } from './decider.js';
import type { ScenarioOutline } from './describe-scenario.js';
import { isThenable } from './maybe-async.js';
import { describeThrown, scenarioFailure } from './scenario-failure.js';

/**
 * The events of what `decide` returned, refusing what is not a decision: `null`, a promise inside an
 * array, a nested array, a primitive or a function in place of an event. `where` names the decide call.
 */
export function decisionEvents<Event>(decision: unknown, where: string): readonly Event[] {
  if (decision === undefined) return [];
  if (!Array.isArray(decision)) {
    if (!isEvent(decision)) throw badDecision(where, decision);
    return [decision as Event];
  }
  for (let i = 0; i < decision.length; i++) if (!isEvent(decision[i])) throw badDecision(where, decision, i);
  return decision as readonly Event[];
}

function isEvent(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { then?: unknown }).then !== 'function'
  );
}

function badDecision(where: string, decision: unknown, index?: number): EventspecUsageError {
  const item = index === undefined ? decision : (decision as unknown[])[index];
  const what =
    item === null
      ? 'null'
      : isThenable(item as object)
        ? 'a promise'
        : Array.isArray(item)
          ? `a nested array ${formatInline(item, 60)}`
          : `${typeof item} ${formatInline(item, 60)}`;
  const at = index === undefined ? '' : ` at [${index}] of its array`;
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_DECISION',
    `${where} returned ${what}${at}, which is not an event. decide returns one event (an object), an ` +
      'array of events, or undefined / [] for none' +
      (item === null ? ' (return undefined or [] instead of null)' : '') +
      (isThenable(item as object) ? ' (await the promises inside decide and return the events)' : '') +
      '.',
  );
}

/** The state after `decide`'s own events: each folded with `evolve`, as the aggregate will be. */
export function foldNewEvents<Event, State>(
  decider: Decider<unknown, Event, State, never>,
  state: State,
  events: readonly Event[],
  step: string,
  outline: () => ScenarioOutline,
): State {
  let next = state;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    try {
      next = decider.evolve(next, event);
    } catch (error) {
      throw scenarioFailure(
        'EVENTSPEC_SPEC_EVOLVE_FAILED',
        `${step} failed: evolve threw ${describeThrown(error)} on the new event [${i}] ${typeName(event)}.`,
        outline,
        [
          `  event  [${i}] ${formatInline(event, 90)}`,
          '',
          'The events decide returns are folded into the state with evolve, as the aggregate will be: fix',
          'evolve for this event (or decide, if the event is wrong).',
        ],
        undefined,
        error,
      );
    }
    if (isThenable(next as object)) throw asyncEvolve(typeName(event));
  }
  return next;
}

/** `evolve` returned a promise: it must fold synchronously. */
export function asyncEvolve(eventType: string): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_ASYNC_EVOLVE',
    `evolve returned a promise on ${eventType}: evolve must be synchronous — it folds an event into the ` +
      'state and nothing else. Do the async work (I/O, lookups) in decide, and put its result in the event.',
  );
}
