import { isAsymmetricMatcher } from './asymmetric-matcher.js';
import { maximumMatching } from './bipartite.js';
import type { Difference, PathSegment } from './difference.js';
import { maxNestingDepth, tooDeep } from './too-deep.js';

/**
 * `strict`: same structure, same values, same classes; `undefined` differs from a missing key.
 * Arrays compare by their elements (holes included), not by other keys set on them. Symbol keys are not
 * compared: events and commands are data that is stored and sent, and symbol keys are neither.
 * Class instances with an `equals(other)` method (value objects) are compared by that method.
 * `pattern`: like strict, except that only the keys named by plain objects of the expected value are
 * compared and asymmetric matchers decide for themselves. Arrays, Maps and Sets keep their exact size.
 */
export type CompareMode = 'strict' | 'pattern';

/** Whether `actual` equals `expected` under `mode`, stopping at the first difference. */
export function equalsIn(mode: CompareMode, actual: unknown, expected: unknown): boolean {
  if (mode === 'strict') {
    const verdict = strictData(actual, expected, 0);
    if (verdict !== undecided) return verdict;
  }
  return new Comparison(mode, undefined, cycleCheckDepth).compare(actual, expected, []);
}

const undecided = 2;

/**
 * The passing path of strict equality for plain data (primitives, plain objects, arrays), as plain recursion;
 * anything else — Dates, Maps, class instances, deep or cyclic values — is left `undecided` to
 * the full comparison.
 */
function strictData(actual: unknown, expected: unknown, depth: number): boolean | typeof undecided {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || actual === null || typeof expected !== 'object' || expected === null)
    return false;
  if (depth > cycleCheckDepth) return undecided;
  const proto = Object.getPrototypeOf(expected);
  if (Object.getPrototypeOf(actual) !== proto) return false;
  if (proto === arrayPrototype) {
    const a = actual as unknown[];
    const e = expected as unknown[];
    if (a.length !== e.length) return false;
    for (let i = 0; i < e.length; i++) {
      if (!(i in e) || !(i in a)) return undecided;
      const verdict = strictData(a[i], e[i], depth + 1);
      if (verdict !== true) return verdict;
    }
    return true;
  }
  if (proto !== objectPrototype) return undecided;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  let count = 0;
  for (const key in e) {
    count++;
    if (!Object.hasOwn(a, key)) return false;
    const verdict = strictData(a[key], e[key], depth + 1);
    if (verdict !== true) return verdict;
  }
  for (const _ in a) count--;
  if (count !== 0) return false;
  return true;
}

/** Every difference between `actual` and `expected` under `mode`, by path; empty when they are equal. */
export function differencesIn(mode: CompareMode, actual: unknown, expected: unknown): Difference[] {
  const found: Difference[] = [];
  new Comparison(mode, found, 0).compare(actual, expected, []);
  return found;
}

/** Strict deep equality: Dates, Maps, Sets, BigInts, typed arrays and undefined-versus-missing included. */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  return equalsIn('strict', actual, expected);
}

const objectPrototype = Object.prototype;
const arrayPrototype = Array.prototype;

class Comparison {
  private readonly actualStack: object[] = [];
  private readonly expectedStack: object[] = [];
  private depth = 0;

  /**
   * @param trackFrom the depth from which values on the current path are tracked for cycles: a verdict
   * tracks only past a depth that acyclic values rarely reach (a cycle recurses until then); a list of
   * differences tracks from the root, so that a difference inside a cycle is listed once, not once per lap.
   */
  constructor(
    private readonly mode: CompareMode,
    private readonly found: Difference[] | undefined,
    private readonly trackFrom: number,
  ) {}

  compare(actual: unknown, expected: unknown, path: PathSegment[]): boolean {
    if (this.mode === 'pattern' && isAsymmetricMatcher(expected)) {
      return expected.asymmetricMatch(actual) || this.differ('unmatched', path, actual, expected);
    }
    if (Object.is(actual, expected)) return true;
    if (typeof actual !== 'object' || actual === null || typeof expected !== 'object' || expected === null) {
      return this.differ(typeof actual === typeof expected ? 'changed' : 'type', path, actual, expected);
    }
    const expectedProto = Object.getPrototypeOf(expected);
    const looseObject =
      this.mode === 'pattern' && (expectedProto === objectPrototype || expectedProto === null);
    if (!looseObject && Object.getPrototypeOf(actual) !== expectedProto) {
      return this.differ('type', path, actual, expected);
    }
    const tracked = ++this.depth > this.trackFrom;
    try {
      if (this.depth > maxNestingDepth) throw tooDeep(path);
      if (tracked) {
        const seen = this.expectedStack.indexOf(expected);
        if (seen >= 0) {
          // Back at a value this path is already comparing: its differences are listed there.
          if (this.actualStack[seen] === actual) return true;
          return this.differ('changed', path, actual, expected);
        }
        this.actualStack.push(actual);
        this.expectedStack.push(expected);
      }
      if (expectedProto === objectPrototype) {
        return this.found
          ? this.compareKeys(actual, expected, path, looseObject)
          : this.plainEqual(actual, expected, looseObject);
      }
      if (expectedProto === arrayPrototype)
        return this.compareArrays(actual as unknown[], expected as unknown[], path);
      return this.compareObjects(actual, expected, path, looseObject);
    } finally {
      this.depth--;
      if (tracked) {
        this.actualStack.pop();
        this.expectedStack.pop();
      }
    }
  }

  private compareObjects(actual: object, expected: object, path: PathSegment[], loose: boolean): boolean {
    if (expected instanceof Date) {
      return (
        Object.is((actual as Date).getTime(), expected.getTime()) ||
        this.differ('changed', path, actual, expected)
      );
    }
    if (expected instanceof RegExp) {
      const same =
        (actual as RegExp).source === expected.source && (actual as RegExp).flags === expected.flags;
      return same || this.differ('changed', path, actual, expected);
    }
    if (expected instanceof Number || expected instanceof String || expected instanceof Boolean) {
      return (
        Object.is(actual.valueOf(), expected.valueOf()) || this.differ('changed', path, actual, expected)
      );
    }
    if (ArrayBuffer.isView(expected) || expected instanceof ArrayBuffer) {
      return sameBytes(actual as ArrayBufferView, expected) || this.differ('changed', path, actual, expected);
    }
    if (expected instanceof Map) return this.compareMaps(actual as Map<unknown, unknown>, expected, path);
    if (expected instanceof Set) return this.compareSets(actual as Set<unknown>, expected, path);
    if (Array.isArray(expected)) return this.compareArrays(actual as unknown[], expected, path);
    if (expected instanceof Error && !this.sameError(actual as Error, expected, path)) return false;
    const equals = (expected as { equals?: unknown }).equals;
    if (typeof equals === 'function' && !loose) {
      return equals.call(expected, actual) === true || this.differ('changed', path, actual, expected);
    }
    return this.compareKeys(actual, expected, path, loose);
  }

  private sameError(actual: Error, expected: Error, path: PathSegment[]): boolean {
    const same = actual.name === expected.name && actual.message === expected.message;
    return same || this.differ('changed', path, actual, expected);
  }

  private compareArrays(actual: unknown[], expected: unknown[], path: PathSegment[]): boolean {
    let equal = true;
    const shared = Math.min(actual.length, expected.length);
    for (let i = 0; i < shared; i++) {
      if (!(i in expected)) {
        if (i in actual) equal = this.differ('unexpected', [...path, i], actual[i], undefined);
      } else if (!(i in actual)) {
        equal = this.differ('missing', [...path, i], undefined, expected[i]);
      } else if (!this.compare(actual[i], expected[i], this.found ? [...path, i] : path)) {
        equal = false;
      }
      if (!equal && !this.found) return false;
    }
    for (let i = shared; i < expected.length; i++) {
      equal = this.differ('missing', [...path, i], undefined, expected[i]);
      if (!this.found) return false;
    }
    for (let i = shared; i < actual.length; i++) {
      equal = this.differ('unexpected', [...path, i], actual[i], undefined);
      if (!this.found) return false;
    }
    return equal;
  }

  /** The passing path for plain objects: no key arrays, no paths. */
  private plainEqual(actual: object, expected: object, loose: boolean): boolean {
    const actualRecord = actual as Record<string, unknown>;
    const expectedRecord = expected as Record<string, unknown>;
    let expectedCount = 0;
    for (const key in expectedRecord) {
      expectedCount++;
      if (!Object.hasOwn(actualRecord, key) || !this.compare(actualRecord[key], expectedRecord[key], noPath))
        return false;
    }
    if (!loose) {
      let actualCount = 0;
      for (const _ in actualRecord) actualCount++;
      if (actualCount !== expectedCount) return false;
    }
    return true;
  }

  private compareKeys(actual: object, expected: object, path: PathSegment[], loose: boolean) {
    let equal = true;
    const actualRecord = actual as Record<PropertyKey, unknown>;
    const expectedRecord = expected as Record<PropertyKey, unknown>;
    const expectedKeys = ownKeys(expected);
    const actualKeys = loose ? undefined : ownKeys(actual);
    if (actualKeys && !this.found && actualKeys.length !== expectedKeys.length) return false;
    for (const key of expectedKeys) {
      if (!Object.hasOwn(actual, key)) {
        equal = this.differ('missing', [...path, key], undefined, expectedRecord[key]);
      } else if (!this.compare(actualRecord[key], expectedRecord[key], this.found ? [...path, key] : path)) {
        equal = false;
      }
      if (!equal && !this.found) return false;
    }
    // Every expected key is in actual: with as many keys on both sides, actual has no others.
    if (!actualKeys || (equal && actualKeys.length === expectedKeys.length)) return equal;
    for (const key of actualKeys) {
      if (!Object.hasOwn(expected, key)) {
        equal = this.differ('unexpected', [...path, key], actualRecord[key], undefined);
        if (!this.found) return false;
      }
    }
    return equal;
  }

  private compareMaps(actual: Map<unknown, unknown>, expected: Map<unknown, unknown>, path: PathSegment[]) {
    let equal = true;
    const unmatchedActualKeys = new Set(actual.keys());
    for (const [key, value] of expected) {
      const actualKey = actual.has(key) ? key : this.findEqual(unmatchedActualKeys, key);
      const at = this.found ? [...path, { mapKey: key }] : path;
      if (actualKey === notFound) equal = this.differ('missing', at, undefined, value);
      else {
        unmatchedActualKeys.delete(actualKey);
        if (!this.compare(actual.get(actualKey), value, at)) equal = false;
      }
      if (!equal && !this.found) return false;
    }
    for (const key of unmatchedActualKeys) {
      equal = this.differ('unexpected', [...path, { mapKey: key }], actual.get(key), undefined);
      if (!this.found) return false;
    }
    return equal;
  }

  private compareSets(actual: Set<unknown>, expected: Set<unknown>, path: PathSegment[]) {
    if (this.mode === 'pattern') return this.matchSets(actual, expected, path);
    let equal = true;
    const unmatched = new Set(actual);
    for (const member of expected) {
      const actualMember = unmatched.has(member) ? member : this.findEqual(unmatched, member);
      if (actualMember === notFound) {
        equal = this.differ('missing', [...path, { setMember: member }], undefined, member);
        if (!this.found) return false;
      } else unmatched.delete(actualMember);
    }
    for (const member of unmatched) {
      equal = this.differ('unexpected', [...path, { setMember: member }], member, undefined);
      if (!this.found) return false;
    }
    return equal;
  }

  /**
   * Set members under patterns: a pattern may match several members, so each is paired by a maximum
   * bipartite matching (the verdict cannot depend on the order the patterns are listed in).
   */
  private matchSets(actual: Set<unknown>, expected: Set<unknown>, path: PathSegment[]) {
    const members = [...actual];
    const patterns = [...expected];
    const probe = new Comparison(this.mode, undefined, this.trackFrom);
    const pairing = maximumMatching(patterns, members, (pattern, member) =>
      Object.is(pattern, member) ? true : probe.compare(member, pattern, []),
    );
    let equal = true;
    for (let p = 0; p < patterns.length; p++) {
      if (pairing[p]! >= 0) continue;
      equal = this.differ('missing', [...path, { setMember: patterns[p] }], undefined, patterns[p]);
      if (!this.found) return false;
    }
    const taken = new Set(pairing);
    for (let m = 0; m < members.length; m++) {
      if (taken.has(m)) continue;
      equal = this.differ('unexpected', [...path, { setMember: members[m] }], members[m], undefined);
      if (!this.found) return false;
    }
    return equal;
  }

  /** A member of `candidates` deeply equal to `wanted`, for object keys of Maps and object members of Sets. */
  private findEqual(candidates: Set<unknown>, wanted: unknown): unknown {
    if (typeof wanted !== 'object' || wanted === null) return notFound;
    const probe = new Comparison(this.mode, undefined, this.trackFrom);
    for (const candidate of candidates) if (probe.compare(candidate, wanted, [])) return candidate;
    return notFound;
  }

  private differ(kind: Difference['kind'], path: PathSegment[], actual: unknown, expected: unknown): false {
    this.found?.push({ path, kind, actual, expected });
    return false;
  }
}

const notFound = Symbol('not found');
const noPath: PathSegment[] = [];
const cycleCheckDepth = 24;

function ownKeys(value: object): PropertyKey[] {
  return Object.keys(value);
}

function sameBytes(actual: ArrayBufferView | ArrayBuffer, expected: ArrayBufferView | ArrayBuffer): boolean {
  const a = bytesOf(actual);
  const e = bytesOf(expected);
  if (a.length !== e.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) return false;
  return true;
}

function bytesOf(view: ArrayBufferView | ArrayBuffer): Uint8Array {
  return view instanceof ArrayBuffer
    ? new Uint8Array(view)
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
