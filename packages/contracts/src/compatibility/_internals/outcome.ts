/** A step of an instance path: a property name or an array index. */
export type Segment = string | number;

/** A place where the subset schema accepts values the superset schema rejects. */
export interface LocalBreak {
  path: Segment[];
  /** Stable rule name, e.g. `type-narrowed`, `required-added`. */
  rule: string;
  /** What changed, in words. */
  detail: string;
  /** Candidate values at the root of the comparison, valid under the subset schema and (probably) not the superset. */
  witnesses: unknown[];
}

/** A place where inclusion could not be proven nor refuted. */
export interface Unproven {
  path: Segment[];
  reason: string;
}

/** The result of one inclusion check: proven when both lists are empty. */
export interface Outcome {
  breaks: LocalBreak[];
  unproven: Unproven[];
}

export const proven: Outcome = Object.freeze({ breaks: [], unproven: [] }) as unknown as Outcome;

/** An outcome with one break. */
export function broken(rule: string, detail: string, witnesses: unknown[], path: Segment[] = []): Outcome {
  return { breaks: [{ path, rule, detail, witnesses }], unproven: [] };
}

/** An outcome that could not be decided. */
export function unproven(reason: string, path: Segment[] = []): Outcome {
  return { breaks: [], unproven: [{ path, reason }] };
}

/** Whether an outcome proves inclusion. */
export function isProven(outcome: Outcome): boolean {
  return outcome.breaks.length === 0 && outcome.unproven.length === 0;
}

/** Concatenates outcomes. */
export function merge(...outcomes: Outcome[]): Outcome {
  if (outcomes.every(isProven)) return proven;
  return { breaks: outcomes.flatMap((o) => o.breaks), unproven: outcomes.flatMap((o) => o.unproven) };
}

/** Moves an outcome one level down: prefixes paths and embeds witnesses into a parent value. */
export function lift(outcome: Outcome, segment: Segment, embed: (witness: unknown) => unknown[]): Outcome {
  if (isProven(outcome)) return outcome;
  return {
    breaks: outcome.breaks.map((b) => ({
      ...b,
      path: [segment, ...b.path],
      witnesses: b.witnesses.flatMap(embed),
    })),
    unproven: outcome.unproven.map((u) => ({ ...u, path: [segment, ...u.path] })),
  };
}
