import { type InAnyOrder, inAnyOrder } from '@eventspec/core';
import { equalsIn, formatInline, typeName, verifyEvents } from '@eventspec/core/internal';
import type { MatcherState, SyncMatcherResult as SyncExpectationResult } from 'vitest';

type Mode = 'strict' | 'pattern';

function eventsMatcher(
  name: string,
  mode: Mode,
  wrap: (expected: readonly unknown[]) => readonly unknown[] = (e) => e,
) {
  return function (
    this: MatcherState,
    received: unknown,
    expected: readonly unknown[],
  ): SyncExpectationResult {
    const hint = this.utils.matcherHint(`.${name}`, 'events', 'expected', { isNot: this.isNot });
    const invalid = requireArrays(hint, received, expected);
    if (invalid) return invalid;
    const verdict = verifyEvents(received as unknown[], wrap(expected), mode);
    return {
      pass: verdict.pass,
      actual: received,
      expected,
      message: () =>
        verdict.pass
          ? `${hint}\n\nExpected the events not to ${mode === 'strict' ? 'equal' : 'match'} these, but they do:\n${list(received as unknown[])}`
          : `${hint}\n\n${verdict.summary}:\n${verdict.lines.join('\n')}`,
    };
  };
}

/** Matchers on arrays of events, registered by the eventspec() plugin. */
export const eventMatchers = {
  /** The events are exactly these: same count, same order, strictly equal. */
  toEmit: eventsMatcher('toEmit', 'strict'),
  /** The events match these patterns, in order, one event per pattern (`inAnyOrder` groups allowed). */
  toEmitMatching: eventsMatcher('toEmitMatching', 'pattern'),
  /** The events are exactly these, strictly equal, in any order. */
  toEmitInAnyOrder: eventsMatcher(
    'toEmitInAnyOrder',
    'strict',
    (expected) => [inAnyOrder(expected)] as InAnyOrder<unknown>[],
  ),

  /** The events' types are exactly these, in order. */
  toEmitTypes(this: MatcherState, received: unknown, types: readonly string[]): SyncExpectationResult {
    const hint = this.utils.matcherHint('.toEmitTypes', 'events', 'types', { isNot: this.isNot });
    const invalid = requireArrays(hint, received, types);
    if (invalid) return invalid;
    const actual = (received as unknown[]).map(typeName);
    const pass = equalsIn('strict', actual, types);
    return {
      pass,
      actual,
      expected: types,
      message: () =>
        `${hint}\n\nExpected types: ${this.utils.printExpected(types)}\nReceived types: ${this.utils.printReceived(actual)}`,
    };
  },

  /** At least one of the events matches the pattern. */
  toContainEvent(this: MatcherState, received: unknown, pattern: unknown): SyncExpectationResult {
    const hint = this.utils.matcherHint('.toContainEvent', 'events', 'pattern', { isNot: this.isNot });
    const invalid = requireArrays(hint, received, []);
    if (invalid) return invalid;
    const events = received as unknown[];
    const index = events.findIndex((event) => equalsIn('pattern', event, pattern));
    return {
      pass: index >= 0,
      message: () =>
        index >= 0
          ? `${hint}\n\nExpected no event to match ${formatInline(pattern)}, but [${index}] ${typeName(events[index])} does.`
          : `${hint}\n\nNo event matches ${formatInline(pattern)}. The events:\n${list(events)}`,
    };
  },

  /** There are no events. */
  toEmitNothing(this: MatcherState, received: unknown): SyncExpectationResult {
    const hint = this.utils.matcherHint('.toEmitNothing', 'events', '', { isNot: this.isNot });
    const invalid = requireArrays(hint, received, []);
    if (invalid) return invalid;
    const events = received as unknown[];
    return {
      pass: events.length === 0,
      message: () =>
        events.length === 0
          ? `${hint}\n\nExpected some events, but there are none.`
          : `${hint}\n\nExpected no events, but got:\n${list(events)}`,
    };
  },
};

function requireArrays(
  hint: string,
  received: unknown,
  expected: unknown,
): SyncExpectationResult | undefined {
  if (Array.isArray(received) && Array.isArray(expected)) return undefined;
  const what = Array.isArray(received)
    ? `the expected value (${formatInline(expected, 60)})`
    : `the received value (${formatInline(received, 60)})`;
  return {
    pass: false,
    message: () =>
      `${hint}\n\n${what} is not an array of events. Pass arrays on both sides: expect([event]).toEmit([event]).`,
  };
}

function list(events: readonly unknown[]): string {
  return events.length === 0
    ? '  (none)'
    : events.map((event, i) => `  [${i}] ${typeName(event)}: ${formatInline(event, 90)}`).join('\n');
}

/** The types of the event matchers, added to vitest's `expect` by the eventspec() plugin. */
export interface EventMatchers<R> {
  /** The events are exactly these: same count, same order, strictly equal. */
  toEmit(expected: readonly unknown[]): R;
  /** The events match these patterns, in order, one event per pattern (`inAnyOrder` groups allowed). */
  toEmitMatching(patterns: readonly unknown[]): R;
  /** The events are exactly these, strictly equal, in any order. */
  toEmitInAnyOrder(expected: readonly unknown[]): R;
  /** The events' types are exactly these, in order. */
  toEmitTypes(types: readonly string[]): R;
  /** At least one of the events matches the pattern. */
  toContainEvent(pattern: unknown): R;
  /** There are no events. */
  toEmitNothing(): R;
}

// vitest 5's Matchers<R, T> (T unused here, but declarations must match); for vitest 4, see docs/specs.md.
declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends EventMatchers<R> {}
}
