import { differencesIn, equalsIn } from '../../matching/compare.js';
import type { Difference } from '../../matching/difference.js';
import { messageOf } from './folders.js';

/** Whether a state survives `structuredClone` unchanged (what a snapshot, a worker or a cache would do to it). */
export function cloneProblem(state: unknown): string | undefined {
  let copy: unknown;
  try {
    copy = structuredClone(state);
  } catch (error) {
    return `the state cannot be cloned (${messageOf(error)}): a snapshot or a cache of it would fail`;
  }
  if (equalsIn('strict', copy, state)) return undefined;
  const first = differencesIn('strict', copy, state)[0];
  const where = first ? first.path.map(String).join('.') || 'the state' : 'the state';
  return `structuredClone changes the state at ${where} (class instances lose their prototype, functions and symbols are dropped): a snapshot of it would not fold the same`;
}

/** The differences of `actual` from `expected`, none when they are equal. */
export function differencesOf(actual: unknown, expected: unknown): Difference[] {
  return equalsIn('strict', actual, expected) ? [] : differencesIn('strict', actual, expected);
}
