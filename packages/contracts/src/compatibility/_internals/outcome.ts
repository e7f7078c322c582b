/** A step of an instance path: a property name or an array index. */
export type Segment = string | number;

/** An instance path, outermost step first, as a list sharing its tail: lifting a place one level costs one step. */
export interface Path {
  readonly head: Segment;
  readonly tail: Path | undefined;
}

/** The steps of a path (none for the root), outermost first. */
export function segmentsOf(path: Path | undefined): Segment[] {
  const out: Segment[] = [];
  for (let p = path; p !== undefined; p = p.tail) out.push(p.head);
  return out;
}

/** A place where the subset schema accepts values the superset schema rejects. */
export interface LocalBreak {
  /** Where, from the place compared (`undefined`: there). */
  path: Path | undefined;
  /** Stable rule name, e.g. `type-narrowed`, `required-added`. */
  rule: string;
  /** What changed, in words. */
  detail: string;
  /** Candidate values at the root of the comparison, valid under the subset schema and (probably) not the superset. */
  witnesses: unknown[];
}

/** A place where inclusion could not be proven nor refuted. */
export interface Unproven {
  path: Path | undefined;
  reason: string;
}

/** The result of one inclusion check: proven when both lists are empty. */
export interface Outcome {
  breaks: LocalBreak[];
  unproven: Unproven[];
}

export const proven: Outcome = Object.freeze({ breaks: [], unproven: [] }) as unknown as Outcome;

/** An outcome with one break. */
export function broken(rule: string, detail: string, witnesses: unknown[]): Outcome {
  return { breaks: [{ path: undefined, rule, detail, witnesses }], unproven: [] };
}

/** An outcome that could not be decided. */
export function unproven(reason: string): Outcome {
  return { breaks: [], unproven: [{ path: undefined, reason }] };
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
      path: { head: segment, tail: b.path },
      witnesses: b.witnesses.flatMap(embed),
    })),
    unproven: outcome.unproven.map((u) => ({ ...u, path: { head: segment, tail: u.path } })),
  };
}
