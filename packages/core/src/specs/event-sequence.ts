import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { maximumMatching, perfectMatching } from '../matching/bipartite.js';
import { type CompareMode, differencesIn, equalsIn } from '../matching/compare.js';
import { isInAnyOrder } from './in-any-order.js';

/** Whether `actual` holds exactly the `expected` events, in order, strictly equal. */
export function sameEvents(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) if (!equalsIn('strict', actual[i], expected[i])) return false;
  return true;
}

/** Whether `actual` matches the ordered `patterns` (with `inAnyOrder` groups), one event per pattern. */
export function matchingEvents(
  actual: readonly unknown[],
  patterns: readonly unknown[],
  mode: CompareMode = 'pattern',
): boolean {
  let next = 0;
  for (const item of patterns) {
    if (isInAnyOrder(item)) {
      const block = actual.slice(next, next + item.patterns.length);
      if (!perfectMatching(block, item.patterns, (a, p) => equalsIn(mode, a, p))) return false;
      next += item.patterns.length;
    } else {
      if (next >= actual.length || !equalsIn(mode, actual[next], item)) return false;
      next++;
    }
  }
  return next === actual.length;
}

/** The event-by-event comparison a failure shows, and its one-line summary. */
export interface EventComparison {
  lines: string[];
  summary: string;
}

/**
 * Lines `[i] ✓ Type`, `[i] ✗ Type` with the differing fields by path, `[i] + Type (unexpected)` and
 * `- Type (missing)`, pairing actual and expected events so that one extra event does not shift the rest.
 */
export function compareEvents(
  actual: readonly unknown[],
  expected: readonly unknown[],
  mode: CompareMode,
  nameOf: (message: unknown) => string = typeName,
): EventComparison {
  const wanted = flattenGroups(actual, expected, mode);
  const lines: string[] = [];
  const counts = { differ: 0, missing: 0, unexpected: 0 };
  for (const step of align(actual, wanted, mode, nameOf)) {
    if (step.actual === undefined) {
      counts.missing++;
      lines.push(
        `      - ${nameOf(wanted[step.expected!])} (missing): ${formatInline(wanted[step.expected!], 90)}`,
      );
    } else if (step.expected === undefined) {
      counts.unexpected++;
      const event = actual[step.actual];
      lines.push(`  [${step.actual}] + ${nameOf(event)} (unexpected): ${formatInline(event, 90)}`);
    } else {
      const differences = differencesIn(mode, actual[step.actual], wanted[step.expected]);
      const mark = differences.length === 0 ? '✓' : '✗';
      lines.push(`  [${step.actual}] ${mark} ${nameOf(actual[step.actual])}`);
      if (differences.length > 0) counts.differ++;
      for (const difference of differences) lines.push(`        ${describeDifference(difference)}`);
    }
  }
  return { lines, summary: summarize(counts) };
}

function summarize(counts: { differ: number; missing: number; unexpected: number }): string {
  const parts: string[] = [];
  if (counts.differ)
    parts.push(`${counts.differ} ${counts.differ === 1 ? 'event differs' : 'events differ'}`);
  if (counts.missing) parts.push(`${counts.missing} missing`);
  if (counts.unexpected) parts.push(`${counts.unexpected} unexpected`);
  return parts.join(', ') || 'the events are the same';
}

/** Expands `inAnyOrder` groups into the order that pairs them best with the actual events there. */
function flattenGroups(
  actual: readonly unknown[],
  patterns: readonly unknown[],
  mode: CompareMode,
): unknown[] {
  const flat: unknown[] = [];
  for (const item of patterns) {
    if (!isInAnyOrder(item)) {
      flat.push(item);
      continue;
    }
    const block = actual.slice(flat.length, flat.length + item.patterns.length);
    const pairing = maximumMatching(item.patterns, block, (p, a) => equalsIn(mode, a, p));
    const ordered: unknown[] = [];
    const leftovers = item.patterns.filter((_, p) => pairing[p]! < 0);
    for (let slot = 0; slot < item.patterns.length; slot++) {
      const p = pairing.indexOf(slot);
      ordered.push(p >= 0 ? item.patterns[p] : leftovers.shift());
    }
    flat.push(...ordered);
  }
  return flat;
}

interface AlignStep {
  actual?: number;
  expected?: number;
}

/** A weighted longest common subsequence: full matches pair first, then events of the same type. */
function align(
  actual: readonly unknown[],
  expected: readonly unknown[],
  mode: CompareMode,
  nameOf: (message: unknown) => string,
): AlignStep[] {
  const score = (a: number, e: number): number => {
    if (equalsIn(mode, actual[a], expected[e])) return 3;
    return nameOf(actual[a]) === nameOf(expected[e]) ? 1 : 0;
  };
  const n = actual.length;
  const m = expected.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let a = n - 1; a >= 0; a--) {
    for (let e = m - 1; e >= 0; e--) {
      const pair = score(a, e);
      best[a]![e] = Math.max(best[a + 1]![e]!, best[a]![e + 1]!, pair > 0 ? pair + best[a + 1]![e + 1]! : 0);
    }
  }
  const steps: AlignStep[] = [];
  let a = 0;
  let e = 0;
  while (a < n || e < m) {
    const pair = a < n && e < m ? score(a, e) : 0;
    if (pair > 0 && best[a]![e] === pair + best[a + 1]![e + 1]!) steps.push({ actual: a++, expected: e++ });
    else if (a < n && (e >= m || best[a]![e] === best[a + 1]![e])) steps.push({ actual: a++ });
    else steps.push({ expected: e++ });
  }
  return steps;
}
