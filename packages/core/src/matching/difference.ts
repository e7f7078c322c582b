/** One step of the path to a differing value: an object key, an array index, or a Map key. */
export type PathSegment = string | number | symbol | { mapKey: unknown } | { setMember: unknown };

/** Where and how an actual value differs from what was expected. */
export interface Difference {
  path: PathSegment[];
  kind: 'changed' | 'missing' | 'unexpected' | 'type' | 'unmatched';
  actual?: unknown;
  expected?: unknown;
}
