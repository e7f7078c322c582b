import type { Checker, Level } from './checker.js';
import type { Outcome } from './outcome.js';

/** What the object comparisons of one alternative share: the level, a base example, a way to check candidates. */
export interface ObjectContext {
  checker: Checker;
  level: Level;
  /** A small object valid under the subset alternative (required properties only), `{}` when none is found. */
  base: () => Record<string, unknown>;
  /** Embeds a property value into the base object. */
  embed: (name: string) => (w: unknown) => unknown[];
  /** A break when a candidate is valid under one side and rejected by the other, "cannot prove" otherwise. */
  check: (rule: string, detail: string, candidates: unknown[]) => Outcome;
}

/** Renames the breaks found at the object itself (not deeper) to a rule that says why. */
export function retag(outcome: Outcome, rule: string, detail: string, replace = false): Outcome {
  return {
    ...outcome,
    breaks: outcome.breaks.map((b) =>
      b.path === undefined ? { ...b, rule, detail: replace ? detail : `${detail}; ${b.detail}` } : b,
    ),
  };
}
