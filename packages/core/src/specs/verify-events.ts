import type { CompareMode } from '../matching/compare.js';
import { compareEvents, type EventComparison, matchingEvents, sameEvents } from './event-sequence.js';
import { isInAnyOrder } from './in-any-order.js';

/** Whether a list of events met an expectation, and — only when it did not — the comparison to show. */
export interface EventsVerdict {
  pass: boolean;
  /** `2 events differ, 1 missing`; empty when they pass. */
  summary: string;
  /** `[i] ✓ Type`, `[i] ✗ Type` with differing fields by path, missing and unexpected events marked. */
  lines: string[];
}

/**
 * Compares events as `then` (`strict`) or `thenMatch` (`pattern`, with `inAnyOrder` groups) do, for
 * matchers and tools built on eventspec. The comparison is only computed when the events differ.
 */
export function verifyEvents(
  actual: readonly unknown[],
  expected: readonly unknown[],
  mode: CompareMode,
): EventsVerdict {
  const pass =
    mode === 'strict' && !expected.some(isInAnyOrder)
      ? sameEvents(actual, expected)
      : matchingEvents(actual, expected, mode);
  if (pass) return { pass, summary: '', lines: [] };
  const comparison: EventComparison = compareEvents(actual, expected, mode);
  return { pass, summary: comparison.summary, lines: comparison.lines };
}
