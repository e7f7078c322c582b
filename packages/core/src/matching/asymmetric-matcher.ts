/**
 * A value that decides for itself whether it matches: eventspec's own matchers and vitest's
 * `expect.any(...)` / `expect.stringMatching(...)` objects alike.
 */
export interface AsymmetricMatcher {
  asymmetricMatch(actual: unknown): boolean;
  toString(): string;
}

const vitestMarker = Symbol.for('jest.asymmetricMatcher');

/** Whether `value` is an asymmetric matcher (ours, or one made by vitest's or Jest's `expect`). */
export function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcher {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { asymmetricMatch?: unknown; $$typeof?: unknown };
  return typeof candidate.asymmetricMatch === 'function' || candidate.$$typeof === vitestMarker;
}

/** Builds an asymmetric matcher from a predicate and the text it shows in failures. */
export function matcher(description: string, test: (actual: unknown) => boolean): AsymmetricMatcher {
  return {
    asymmetricMatch: test,
    toString: () => description,
    toJSON: () => description,
  } as AsymmetricMatcher;
}
