import type { Alternative } from './alternative.js';
import type { Checker, Level } from './checker.js';
import { compareContains } from './compare-contains.js';
import { itemNodes } from './effective.js';
import { arrayExample } from './example-of.js';
import { broken, lift, merge, type Outcome, unproven } from './outcome.js';

/** Array inclusion: item counts, uniqueness, each `prefixItems` position and the remaining `items`. */
export function compareArray(checker: Checker, level: Level, a: Alternative, b: Alternative): Outcome {
  const outcomes: Outcome[] = [];
  const check = (rule: string, detail: string, candidates: (unknown[] | undefined)[]) => {
    const witnesses = checker.witnesses(
      level,
      candidates.filter((c) => c !== undefined),
    );
    outcomes.push(
      witnesses.length > 0
        ? broken(rule, detail, witnesses)
        : unproven(
            `${detail}, but no value accepted by one schema and rejected by the other was found (${rule})`,
          ),
    );
  };
  if (b.minItems > a.minItems) {
    check('min-items-raised', `arrays must have at least ${b.minItems} items`, [
      arrayExample(checker, a, a.minItems, 0),
    ]);
  }
  if (b.maxItems !== undefined && (a.maxItems === undefined || a.maxItems > b.maxItems)) {
    check('max-items-lowered', `arrays may have at most ${b.maxItems} items`, [
      arrayExample(checker, a, b.maxItems + 1, 0),
    ]);
  }
  if (b.uniqueItems && !a.uniqueItems && (a.maxItems === undefined || a.maxItems >= 2)) {
    const sample = arrayExample(checker, a, Math.max(2, a.minItems), 0);
    const duplicated = sample && sample.length >= 2 ? [sample[0], ...sample.slice(0, -1)] : undefined;
    check('unique-items-added', 'array items must be unique', [duplicated, sample?.map(() => sample[0])]);
  }
  const positions = Math.max(
    0,
    ...a.arrays.map((s) => s.prefix.length),
    ...b.arrays.map((s) => s.prefix.length),
  );
  for (let i = 0; i <= positions; i++) {
    if (a.maxItems !== undefined && i >= a.maxItems) break;
    const outcome = checker.includes(itemNodes(a, i), itemNodes(b, i));
    outcomes.push(
      lift(outcome, i, (w) => {
        const items = arrayExample(checker, a, i + 1, 0);
        if (items === undefined) return [];
        items[i] = w;
        return [items];
      }),
    );
  }
  outcomes.push(compareContains(checker, level, a, b));
  return merge(...outcomes);
}
