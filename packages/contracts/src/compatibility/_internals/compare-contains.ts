import type { Alternative, ContainsRule } from './alternative.js';
import type { Checker, Level } from './checker.js';
import { itemNodes } from './effective.js';
import { arrayExample, exampleOf } from './example-of.js';
import { broken, isProven, merge, type Outcome, unproven } from './outcome.js';
import { jsonEqual } from './schema-node.js';

/**
 * `contains` / `minContains` / `maxContains` of the superset side. The minimum holds when the subset
 * has a `contains` as strict (its schema included, its count as high), or when every item it allows
 * matches and it has enough items; the maximum when the subset allows no more items, or counts the same
 * schema as low. Otherwise a counterexample is built: items that miss the schema, or one too many that match.
 */
export function compareContains(checker: Checker, level: Level, a: Alternative, b: Alternative): Outcome {
  const outcomes: Outcome[] = [];
  const found = (rule: string, detail: string, candidates: (unknown[] | undefined)[]) => {
    const witnesses = checker.witnesses(
      level,
      candidates.filter((c) => c !== undefined),
    );
    outcomes.push(
      witnesses.length > 0
        ? broken(rule, detail, witnesses)
        : unproven(
            `${detail}, but no array accepted by one schema and rejected by the other was found (${rule})`,
          ),
    );
  };
  for (const rule of b.contains) {
    if (rule.min > 0 && !guaranteesMin(checker, a, rule)) {
      found(
        'contains-added',
        `arrays must contain ${countOf(rule.min)} matching "contains"`,
        missing(checker, a, rule),
      );
    }
    if (rule.max !== undefined && !guaranteesMax(a, rule)) {
      const value = exampleOf(checker, [...itemNodes(a, a.minItems), rule.node], 1);
      const many = value === undefined ? undefined : Array.from({ length: rule.max + 1 }, () => value);
      found('max-contains-lowered', `arrays may contain at most ${countOf(rule.max)} matching "contains"`, [
        many,
      ]);
    }
  }
  return merge(...outcomes);
}

function countOf(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

function guaranteesMin(checker: Checker, a: Alternative, rule: ContainsRule): boolean {
  if (a.contains.some((r) => r.min >= rule.min && isProven(checker.includes([r.node], [rule.node]))))
    return true;
  if (a.minItems < rule.min) return false;
  const positions = Math.max(0, ...a.arrays.map((s) => s.prefix.length));
  for (let i = 0; i <= positions; i++)
    if (!isProven(checker.includes(itemNodes(a, i), [rule.node]))) return false;
  return true;
}

function guaranteesMax(a: Alternative, rule: ContainsRule): boolean {
  const max = rule.max!;
  if (a.maxItems !== undefined && a.maxItems <= max) return true;
  return a.contains.some(
    (r) =>
      r.max !== undefined &&
      r.max <= max &&
      jsonEqual(r.node.schema, rule.node.schema) &&
      r.node.root === rule.node.root,
  );
}

/** Arrays of the subset side with too few items matching the rule's schema. */
function missing(checker: Checker, a: Alternative, rule: ContainsRule): (unknown[] | undefined)[] {
  const candidates: (unknown[] | undefined)[] = [arrayExample(checker, a, a.minItems, 0)];
  if (a.minItems === 0) candidates.push([]);
  const misses: unknown[] = [];
  for (let i = 0; i < Math.max(1, a.minItems); i++) {
    const outcome = checker.includes(itemNodes(a, i), [rule.node]);
    const miss = outcome.breaks.flatMap((x) => x.witnesses)[0];
    if (miss === undefined) break;
    misses.push(miss);
  }
  if (misses.length > 0) {
    while (misses.length < a.minItems) misses.push(misses.at(-1));
    candidates.push(misses);
  }
  return candidates;
}
