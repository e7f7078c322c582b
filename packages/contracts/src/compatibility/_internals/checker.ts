import type { SchemaLibrary } from '../../validation/create-ajv.js';
import { jsonHeight } from '../../validation/json-height.js';
import { type Alternative, allowsType, type JsonType, typeOfValue } from './alternative.js';
import { compareArray } from './compare-array.js';
import { compareObject } from './compare-object.js';
import { compareNumber, compareString } from './compare-scalars.js';
import { dialectOfRoot } from './dialect-keywords.js';
import { propertyNodes } from './effective.js';
import { exampleCandidates, exampleOf, objectExample } from './example-of.js';
import { normalize, type Side, TooComplex } from './normalize.js';
import { broken, isProven, merge, type Outcome, proven, unproven } from './outcome.js';
import {
  hasRef,
  isAnnotation,
  jsonEqual,
  nodeKey,
  type SchemaNode,
  stripAnnotations,
} from './schema-node.js';
import { SegmentedWalk } from './segmented-walk.js';
import { StrippedKeys } from './stripped-keys.js';
import { validUnder } from './valid-under.js';

/** The two node lists compared at one place: values of `sub` should all be valid under `sup`. */
export interface Level {
  sub: SchemaNode[];
  sup: SchemaNode[];
}

const objectOnly = new Set(['propertyNames']);
/** Levels walked on one stack; deeper places are computed by {@link SegmentedWalk} as roots of their own. */
const segmentDepth = 48;
/** Past this many levels (only recursive schemas whose node lists keep changing get there) the answer is unproven. */
const maxDepth = 100_000;
/** Schemas nesting deeper than this (JSON levels) are compared by {@link StrippedKeys}. */
const deepSchema = 32;

/** Decides whether every value valid under one schema is valid under another, place by place. */
export class Checker {
  #active = new Set<string>();
  #depth = 0;
  readonly #walk = new SegmentedWalk<Outcome>();
  readonly #keys: StrippedKeys;

  /** `keys` may be shared by the checks of one comparison (both directions read the same schemas). */
  constructor(
    readonly libraries: Record<Side, SchemaLibrary>,
    keys: StrippedKeys = new StrippedKeys(),
  ) {
    this.#keys = keys;
  }

  normalize(nodes: readonly SchemaNode[], side: Side): Alternative[] {
    return normalize(nodes, side, this.libraries[side]);
  }

  /** Whether a value is valid under every node (`undefined` when a node cannot be compiled on its own). */
  valid(nodes: readonly SchemaNode[], side: Side, value: unknown): boolean | undefined {
    return validUnder(nodes, this.libraries[side], value);
  }

  /** The candidates valid at this level under `sub` and rejected by `sup`. */
  witnesses(level: Level, candidates: readonly unknown[]): unknown[] {
    return candidates.filter(
      (v) => this.valid(level.sub, 'sub', v) === true && this.valid(level.sup, 'super', v) === false,
    );
  }

  /** Whether all values of `sub` are valid under `sup`; any depth, on a bounded stack. */
  includes(sub: SchemaNode[], sup: SchemaNode[]): Outcome {
    if (this.#walk.running) return this.#includes(sub, sup);
    return this.#walk.solve(() => this.#includes(sub, sup));
  }

  #includes(sub: SchemaNode[], sup: SchemaNode[]): Outcome {
    const constraining = sup.filter(
      (n) =>
        n.schema !== true && !(typeof n.schema === 'object' && Object.keys(n.schema).every(isAnnotation)),
    );
    if (constraining.length === 0) return proven;
    const level: Level = { sub, sup: constraining };
    if (sub.length === 1 && constraining.length === 1 && this.#sameSchema(sub[0]!, constraining[0]!))
      return proven;
    const key = `${sub.map(nodeKey).join(',')}|${constraining.map(nodeKey).join(',')}`;
    if (this.#active.has(key)) return proven;
    if (this.#active.size >= maxDepth) return unproven(`the schemas nest deeper than ${maxDepth} levels`);
    if (this.#depth >= segmentDepth) return this.#deferred(sub, sup, key);
    this.#active.add(key);
    this.#depth++;
    try {
      const subAlts = this.normalize(sub, 'sub');
      const supAlts = this.normalize(constraining, 'super');
      return merge(...subAlts.map((a) => this.#compareAlternative(level, a, supAlts)));
    } catch (error) {
      if (error instanceof TooComplex)
        return unproven(`the schema is too complex to compare (${error.message})`);
      throw error;
    } finally {
      this.#active.delete(key);
      this.#depth--;
    }
  }

  /** A place below the segment: its result once computed from a fresh stack with the same places above it. */
  #deferred(sub: SchemaNode[], sup: SchemaNode[], key: string): Outcome {
    const above = [...this.#active];
    const run = () => {
      const [active, depth] = [this.#active, this.#depth];
      this.#active = new Set(above);
      this.#depth = 0;
      try {
        return this.#includes(sub, sup);
      } finally {
        this.#active = active;
        this.#depth = depth;
      }
    };
    return this.#walk.defer(`${key}@${above.join(',')}`, run, proven);
  }

  #sameSchema(a: SchemaNode, b: SchemaNode): boolean {
    if (dialectOfRoot(a.root) !== dialectOfRoot(b.root)) return false;
    if (!this.#equalStripped(a.schema, b.schema)) return false;
    if (!hasRef(a.schema)) return true;
    return (
      a.root === b.root ||
      (this.#equalStripped(a.root, b.root) && this.libraries.sub === this.libraries.super)
    );
  }

  /**
   * Equal once annotations are stripped: by comparing stripped copies, or for deep schemas by interned keys
   * (stripping each level's subtree of a schema 3,000 levels deep would cost a walk per level).
   */
  #equalStripped(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Math.max(jsonHeight(a), jsonHeight(b)) > deepSchema) return this.#keys.of(a) === this.#keys.of(b);
    return jsonEqual(stripAnnotations(a), stripAnnotations(b));
  }

  #compareAlternative(level: Level, a: Alternative, bs: Alternative[]): Outcome {
    if (a.types.size === 0 || a.values?.length === 0) return proven;
    if (a.values) return this.#compareFinite(level, a.values);
    const outcomes: Outcome[] = [];
    const rejected: JsonType[] = [];
    for (const type of a.types) {
      let t: JsonType = type;
      if (t === 'number' && !bs.some((b) => b.types.has('number'))) {
        const integral = a.multipleOf.some((m) => Number.isInteger(m));
        if (!integral && bs.some((b) => b.types.has('integer'))) {
          outcomes.push(this.#typeBreak(level, a, 'number', 'integer-required', 'numbers must be integers'));
          continue;
        }
        if (integral) t = 'integer';
      }
      const matching = bs.filter((b) => allowsType(b.types, t));
      if (matching.length === 0) {
        rejected.push(t);
        continue;
      }
      const tries = matching.map((b) => this.#compareTyped(level, a, b, t));
      if (tries.some(isProven)) continue;
      if (tries.length === 1) {
        outcomes.push(tries[0]!);
        continue;
      }
      const witnesses = this.witnesses(
        level,
        tries.flatMap((o) => o.breaks.flatMap((b) => b.witnesses)),
      );
      outcomes.push(
        witnesses.length > 0
          ? broken(
              'no-alternative-accepts',
              `some ${t} values match none of the accepted alternatives`,
              witnesses,
            )
          : unproven(`${t} values are accepted by several alternatives and no single one includes them all`),
      );
    }
    if (rejected.length > 0) {
      const detail = `${rejected.join(', ')} values are rejected`;
      const witnesses = this.witnesses(
        level,
        rejected.flatMap((t) => exampleCandidates(this, a, t, 0)),
      );
      outcomes.push(
        witnesses.length > 0
          ? broken('type-narrowed', detail, witnesses)
          : unproven(`${detail}, but no such value was found`),
      );
    }
    return merge(...outcomes);
  }

  #compareFinite(level: Level, values: unknown[]): Outcome {
    const inSub = finiteMembership(level.sub) ?? ((v: unknown) => this.valid(level.sub, 'sub', v));
    const inSup = finiteMembership(level.sup) ?? ((v: unknown) => this.valid(level.sup, 'super', v));
    const rejected: unknown[] = [];
    const undecided: unknown[] = [];
    for (const value of values) {
      const sub = inSub(value);
      if (sub === false) continue;
      const sup = inSup(value);
      if (sub === undefined || sup === undefined) undecided.push(value);
      else if (!sup) rejected.push(value);
    }
    const outcomes: Outcome[] = [];
    const listed = (vs: unknown[]) =>
      `${vs
        .slice(0, 5)
        .map((v) => JSON.stringify(v))
        .join(', ')}${vs.length > 5 ? ` and ${vs.length - 5} more` : ''}`;
    if (rejected.length > 0)
      outcomes.push(
        broken(
          'value-removed',
          `${rejected.length === 1 ? 'the value' : 'the values'} ${listed(rejected)} ${rejected.length === 1 ? 'is' : 'are'} rejected`,
          rejected.slice(0, 20),
        ),
      );
    if (undecided.length > 0) outcomes.push(unproven(`cannot evaluate the schema for ${listed(undecided)}`));
    return merge(...outcomes);
  }

  #typeBreak(level: Level, a: Alternative, type: JsonType, rule: string, detail: string): Outcome {
    const witnesses = this.witnesses(level, exampleCandidates(this, a, type, 0));
    return witnesses.length > 0
      ? broken(rule, detail, witnesses)
      : unproven(`${detail}, but no such value was found`);
  }

  #compareTyped(level: Level, a: Alternative, b: Alternative, type: JsonType): Outcome {
    for (const o of b.opaque) {
      if (objectOnly.has(o.keyword) && type !== 'object') continue;
      const matched = a.opaque.some(
        (x) =>
          x.keyword === o.keyword &&
          x.dialect === o.dialect &&
          jsonEqual(x.value, o.value) &&
          (!hasRef(o.value) || jsonEqual(x.root, o.root)),
      );
      if (!matched) {
        const witnesses = this.witnesses(level, [
          ...exampleCandidates(this, a, type, 0),
          ...(type === 'object' ? oddlyNamed(this, a) : []),
        ]);
        if (witnesses.length > 0)
          return broken(`${o.keyword}-changed`, `"${o.keyword}" rejects some values`, witnesses);
        return unproven(`"${o.keyword}" is not analysed unless it is identical in both schemas`);
      }
    }
    if (b.values) {
      const domain = finiteDomain(a, type);
      if (domain !== undefined) return this.#compareFinite(level, domain);
      const witnesses = this.witnesses(level, exampleCandidates(this, a, type, 0));
      if (witnesses.length > 0)
        return broken('enum-added', 'only an enumerated set of values is accepted', witnesses);
      return unproven('one schema enumerates its values and the other is not provably within them');
    }
    switch (type) {
      case 'null':
      case 'boolean':
        return proven;
      case 'integer':
      case 'number':
        return compareNumber(this, level, a, b, type);
      case 'string':
        return compareString(this, level, a, b);
      case 'array':
        return compareArray(this, level, a, b);
      case 'object':
        return compareObject(this, level, a, b);
    }
  }
}

/** Objects of the alternative with one more property of an unusual name (refutes `propertyNames`). */
function oddlyNamed(checker: Checker, a: Alternative): unknown[] {
  const base = objectExample(checker, a, 0);
  if (base === undefined) return [];
  return ['A b', 'X', '0', 'undeclaredProperty', 'é', '$x'].flatMap((name) => {
    if (name in base) return [];
    const value = exampleOf(checker, propertyNodes(a, name), 1);
    return value === undefined ? [] : [{ ...base, [name]: value }];
  });
}

/** Every value of one type an alternative allows, when there are few: booleans, null, a small integer range. */
function finiteDomain(a: Alternative, type: JsonType): unknown[] | undefined {
  if (type === 'null') return [null];
  if (type === 'boolean') return [true, false];
  if (type !== 'integer' || a.minimum === undefined || a.maximum === undefined) return undefined;
  const low = a.minimum.exclusive ? Math.floor(a.minimum.value) + 1 : Math.ceil(a.minimum.value);
  const high = a.maximum.exclusive ? Math.ceil(a.maximum.value) - 1 : Math.floor(a.maximum.value);
  if (high - low > 1000) return undefined;
  return Array.from({ length: Math.max(0, high - low + 1) }, (_, i) => low + i);
}

/**
 * Membership in a list of `enum` / `const` schemas (with `type` at most) by hashing, so a 200,000-value
 * enum is compared in linear time; `undefined` when a node says more than that.
 */
function finiteMembership(nodes: readonly SchemaNode[]): ((value: unknown) => boolean) | undefined {
  const tests: ((value: unknown) => boolean)[] = [];
  for (const node of nodes) {
    if (node.schema === true) continue;
    if (typeof node.schema !== 'object') return undefined;
    let test = memberships.get(node.schema);
    if (test === undefined) {
      test = membershipOf(node.schema) ?? null;
      memberships.set(node.schema, test);
    }
    if (test === null) return undefined;
    tests.push(test);
  }
  return (value) => tests.every((test) => test(value));
}

const memberships = new WeakMap<object, ((value: unknown) => boolean) | null>();

function membershipOf(schema: object): ((value: unknown) => boolean) | undefined {
  const tests: ((value: unknown) => boolean)[] = [];
  const listed = (k: string) => k === 'enum' || k === 'const' || k === 'type' || isAnnotation(k);
  if (!Object.keys(schema).every(listed)) return undefined;
  const s = stripAnnotations(schema) as Record<string, unknown>;
  if (s.type !== undefined) {
    const types = new Set([s.type].flat());
    tests.push((v) => {
      const t = typeOfValue(v);
      return t !== undefined && (types.has(t) || (t === 'integer' && types.has('number')));
    });
  }
  for (const list of [s.enum, 'const' in s ? [s.const] : undefined]) {
    if (!Array.isArray(list)) continue;
    const scalars = new Set(list.filter((v) => typeof v !== 'object' || v === null));
    const objects = list.filter((v) => typeof v === 'object' && v !== null);
    tests.push((v) =>
      typeof v === 'object' && v !== null ? objects.some((o) => jsonEqual(o, v)) : scalars.has(v),
    );
  }
  return (value) => tests.every((test) => test(value));
}
