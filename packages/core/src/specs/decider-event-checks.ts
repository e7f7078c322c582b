import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { type IgnoredPath, withoutIgnored } from '../matching/ignore-paths.js';
import { containsMatcher } from './contains-matcher.js';
import type { ScenarioOutline } from './describe-scenario.js';
import { compareEvents, matchingEvents, sameEvents } from './event-sequence.js';
import { inAnyOrder, isInAnyOrder } from './in-any-order.js';
import { scenarioFailure } from './scenario-failure.js';
import { ignoredPaths, type SpecSettings } from './spec-settings.js';

/**
 * The checks of a decider scenario's events: `then` (exactly these events), `thenMatch` (events matching
 * patterns) and `thenNothing`; each throws the scenario failure a user reads, or returns.
 */

/** `then()`: the events decide returned are exactly `expected` (`inAnyOrder` groups in any order). */
export function checkExactEvents(
  seen: readonly unknown[],
  expected: readonly unknown[],
  settings: SpecSettings,
  outline: () => ScenarioOutline,
): void {
  const grouped = expected.some(isInAnyOrder);
  const paths = ignoredPaths(settings);
  const actual = stripEvents(seen, paths);
  const events = stripEvents(expected, paths);
  if (grouped ? matchingEvents(actual, events, 'strict') : sameEvents(actual, events)) return;
  const { lines, summary } = compareEvents(actual, events, 'strict');
  const hint = containsMatcher(events)
    ? [
        '',
        'The expected events hold matchers, but then() compares exactly: use thenMatch([...]) for patterns.',
      ]
    : [];
  throw scenarioFailure(
    'EVENTSPEC_SPEC_EVENTS_MISMATCH',
    `then() failed: ${summary}.`,
    outline,
    [...lines, ...hint],
    {
      actual,
      expected: events,
    },
  );
}

/** `thenMatch()`: one event per pattern, in order (`inAnyOrder` groups in any order). */
export function checkMatchingEvents(
  seen: readonly unknown[],
  patterns: readonly unknown[],
  settings: SpecSettings,
  outline: () => ScenarioOutline,
): void {
  const paths = ignoredPaths(settings);
  const actual = stripEvents(seen, paths);
  const expected = stripEvents(patterns, paths);
  if (matchingEvents(actual, expected)) return;
  const { lines, summary } = compareEvents(actual, expected, 'pattern');
  throw scenarioFailure(
    'EVENTSPEC_SPEC_PATTERN_MISMATCH',
    `thenMatch() failed: ${summary}.`,
    outline,
    lines,
    { actual, expected },
  );
}

/** `thenNothing()`: decide returned no event. */
export function checkNoEvents(actual: readonly unknown[], outline: () => ScenarioOutline): void {
  if (actual.length === 0) return;
  const lines = actual.map(
    (event, i) => `  [${i}] + ${typeName(event)} (unexpected): ${formatInline(event, 90)}`,
  );
  throw scenarioFailure(
    'EVENTSPEC_SPEC_EVENTS_MISMATCH',
    `thenNothing() failed: decide returned ${countEvents(actual.length)}.`,
    outline,
    lines,
    { actual, expected: [] },
  );
}

export function countEvents(count: number): string {
  return count === 0 ? 'no events' : count === 1 ? '1 event' : `${count} events`;
}

/** The events (or patterns, `inAnyOrder` groups included) without the ignored fields. */
function stripEvents<T>(events: readonly T[], paths: readonly IgnoredPath[]): readonly T[] {
  if (paths.length === 0) return events;
  return events.map((event) =>
    isInAnyOrder(event)
      ? inAnyOrder(event.patterns.map((p) => withoutIgnored(p, paths)))
      : withoutIgnored(event, paths),
  ) as T[];
}
