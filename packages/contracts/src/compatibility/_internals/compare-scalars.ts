import type { Alternative, JsonType } from './alternative.js';
import type { Checker, Level } from './checker.js';
import { numberCandidates, stringCandidates } from './examples.js';
import { broken, merge, type Outcome, proven, unproven } from './outcome.js';

interface Rule {
  rule: string;
  detail: string;
}

function integerBound(bound: { value: number; exclusive: boolean }, lower: boolean): number {
  if (lower) return bound.exclusive ? Math.floor(bound.value) + 1 : Math.ceil(bound.value);
  return bound.exclusive ? Math.ceil(bound.value) - 1 : Math.floor(bound.value);
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** Numeric inclusion: bounds (exclusive or not, integer-aware), `multipleOf`. */
export function compareNumber(
  checker: Checker,
  level: Level,
  a: Alternative,
  b: Alternative,
  type: JsonType,
): Outcome {
  const rules: Rule[] = [];
  const integer = type === 'integer';
  if (b.minimum) {
    const ok = integer
      ? a.minimum !== undefined && integerBound(a.minimum, true) >= integerBound(b.minimum, true)
      : a.minimum !== undefined &&
        (a.minimum.value > b.minimum.value ||
          (a.minimum.value === b.minimum.value && (a.minimum.exclusive || !b.minimum.exclusive)));
    if (!ok)
      rules.push({
        rule: 'minimum-raised',
        detail: `numbers must be ${b.minimum.exclusive ? '>' : '≥'} ${b.minimum.value}`,
      });
  }
  if (b.maximum) {
    const ok = integer
      ? a.maximum !== undefined && integerBound(a.maximum, false) <= integerBound(b.maximum, false)
      : a.maximum !== undefined &&
        (a.maximum.value < b.maximum.value ||
          (a.maximum.value === b.maximum.value && (a.maximum.exclusive || !b.maximum.exclusive)));
    if (!ok)
      rules.push({
        rule: 'maximum-lowered',
        detail: `numbers must be ${b.maximum.exclusive ? '<' : '≤'} ${b.maximum.value}`,
      });
  }
  for (const m of b.multipleOf) {
    const ok = a.multipleOf.some((am) => isMultiple(am, m)) || (integer && isMultiple(1, m));
    if (!ok) rules.push({ rule: 'multiple-of-changed', detail: `numbers must be multiples of ${m}` });
  }
  return withWitnesses(checker, level, rules, () => numberCandidates(a, [b], type));
}

const universal = new Set(['', '.*', '^.*$', '[\\s\\S]*', '^[\\s\\S]*$']);

/** String inclusion: lengths, patterns (equal or universal), formats. */
export function compareString(checker: Checker, level: Level, a: Alternative, b: Alternative): Outcome {
  const rules: Rule[] = [];
  if (b.minLength > a.minLength)
    rules.push({
      rule: 'min-length-raised',
      detail: `strings must have at least ${b.minLength} characters`,
    });
  if (b.maxLength !== undefined && (a.maxLength === undefined || a.maxLength > b.maxLength)) {
    rules.push({
      rule: 'max-length-lowered',
      detail: `strings may have at most ${b.maxLength} characters`,
    });
  }
  for (const p of b.patterns) {
    if (!universal.has(p) && !a.patterns.includes(p))
      rules.push({ rule: 'pattern-changed', detail: `strings must match /${p}/` });
  }
  for (const f of b.formats) {
    if (!a.formats.includes(f))
      rules.push({ rule: 'format-added', detail: `strings must be in "${f}" format` });
  }
  return withWitnesses(checker, level, rules, () => stringCandidates(a, [b]));
}

/** Turns suspected rules into breaks with local witnesses, or "cannot prove" when none is found. */
export function withWitnesses(
  checker: Checker,
  level: Level,
  rules: Rule[],
  candidates: () => unknown[],
): Outcome {
  if (rules.length === 0) return proven;
  const witnesses = checker.witnesses(level, candidates());
  if (witnesses.length === 0) {
    return merge(
      ...rules.map((r) =>
        unproven(
          `${r.detail}, but no value accepted by one schema and rejected by the other was found (${r.rule})`,
        ),
      ),
    );
  }
  const [first, ...rest] = rules;
  const outcome = broken(first!.rule, first!.detail, witnesses);
  for (const r of rest) outcome.breaks[0]!.detail += `; ${r.detail}`;
  return outcome;
}
