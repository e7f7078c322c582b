import fc from 'fast-check';
import type { JsonSchema } from '../model/contract.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import { formatArbitrary } from './format-arbitraries.js';

type Schema = Record<string, unknown>;
type Arb = fc.Arbitrary<unknown>;

/** How deep `$ref` recursion goes before generating the smallest value a schema allows. */
export const defaultDepth = 4;

/** What a schema's arbitrary is built from: the root (for `#/…` refs), the shared library, the depth left. */
interface Scope {
  root: JsonSchema;
  library: SchemaLibrary;
  depth: number;
  /** Keywords met that the generator does not build values for (they are still checked by ajv). */
  unbuilt: Set<string>;
}

/**
 * A fast-check arbitrary of values meant to satisfy a JSON Schema (2020-12; draft-07 tuples too), biased to
 * the boundaries: empty and maximal strings and arrays, bounds of numbers, every enum value, optional
 * properties absent. It is a generator, not a proof: callers check every value with ajv.
 */
export function schemaArbitrary(
  schema: JsonSchema,
  library: SchemaLibrary,
  depth = defaultDepth,
): { arbitrary: Arb; unbuilt: Set<string> } {
  const scope: Scope = { root: schema, library, depth, unbuilt: new Set() };
  return { arbitrary: build(schema, scope, 0), unbuilt: scope.unbuilt };
}

function build(schema: JsonSchema, scope: Scope, level: number): Arb {
  if (schema === true) return jsonValue();
  // Nothing satisfies `false`, and past three times the depth bound a recursion has no end: give up on the
  // value here (ajv refuses it; a oneOf/anyOf branch that ends sooner is tried instead).
  if (schema === false || level > scope.depth * 3) return fc.constant(undefined);
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return reference(s, scope, level);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.allOf)) return build(mergeAll(s), scope, level);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = s[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      const { [keyword]: _, ...base } = s;
      return fc.oneof(
        ...branches.map((branch) => build(mergeTwo(base, branch as JsonSchema), scope, level + 1)),
      );
    }
  }
  for (const keyword of [
    'not',
    'if',
    'dependentSchemas',
    'propertyNames',
    'unevaluatedProperties',
    'unevaluatedItems',
  ]) {
    if (keyword in s) scope.unbuilt.add(keyword);
  }
  const types = typesOf(s);
  const byType = types.map((type) => typed(type, s, scope, level));
  return byType.length === 1 ? byType[0]! : fc.oneof(...byType);
}

function typed(type: string, s: Schema, scope: Scope, level: number): Arb {
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
    case 'number':
      return numberOf(s, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayOf(s, scope, level);
    case 'object':
      return objectOf(s, scope, level);
    default:
      return jsonValue();
  }
}

function typesOf(s: Schema): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if ('properties' in s || 'required' in s || 'additionalProperties' in s) return ['object'];
  if ('items' in s || 'prefixItems' in s || 'contains' in s) return ['array'];
  if ('minLength' in s || 'maxLength' in s || 'pattern' in s || 'format' in s) return ['string'];
  if ('minimum' in s || 'maximum' in s || 'multipleOf' in s) return ['number'];
  return ['string', 'integer', 'boolean', 'null', 'object', 'array'];
}

function stringOf(s: Schema): Arb {
  const minLength = (s.minLength as number | undefined) ?? 0;
  const maxLength = Math.max(minLength, (s.maxLength as number | undefined) ?? Math.max(minLength, 24));
  if (typeof s.format === 'string') {
    const formatted = formatArbitrary(s.format);
    if (formatted) return formatted;
  }
  if (typeof s.pattern === 'string') {
    let pattern: RegExp;
    try {
      pattern = new RegExp(s.pattern, 'u');
    } catch {
      return fc.string({ minLength, maxLength });
    }
    return fc
      .stringMatching(pattern)
      .filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  const plain = fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
  // Maximal strings are where length limits break consumers: make them as likely as any other.
  return fc.oneof(
    { withCrossShrink: true },
    plain,
    fc.constant('x'.repeat(maxLength)),
    fc.constant('x'.repeat(minLength)),
  );
}

function numberOf(s: Schema, integer: boolean): Arb {
  const bound = (inclusive: unknown, exclusive: unknown, direction: 1 | -1): number | undefined => {
    const candidates: number[] = [];
    if (typeof inclusive === 'number') candidates.push(inclusive);
    if (typeof exclusive === 'number')
      candidates.push(
        exclusive + direction * (integer ? 1 : Number.EPSILON * Math.max(1, Math.abs(exclusive)) * 4),
      );
    if (candidates.length === 0) return undefined;
    return direction === 1 ? Math.max(...candidates) : Math.min(...candidates);
  };
  // draft-04 boolean exclusive bounds: the bound itself is excluded.
  const exclusiveMin = s.exclusiveMinimum === true ? s.minimum : s.exclusiveMinimum;
  const exclusiveMax = s.exclusiveMaximum === true ? s.maximum : s.exclusiveMaximum;
  const min = bound(
    s.exclusiveMinimum === true ? undefined : s.minimum,
    typeof exclusiveMin === 'number' ? exclusiveMin : undefined,
    1,
  );
  const max = bound(
    s.exclusiveMaximum === true ? undefined : s.maximum,
    typeof exclusiveMax === 'number' ? exclusiveMax : undefined,
    -1,
  );
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : undefined;
  if (step !== undefined) {
    const low = Math.ceil((min ?? -1_000_000 * step) / step);
    const high = Math.floor((max ?? 1_000_000 * step) / step);
    return fc
      .integer({ min: Math.max(low, Number.MIN_SAFE_INTEGER), max: Math.min(high, Number.MAX_SAFE_INTEGER) })
      .map((n) => n * step);
  }
  if (integer) {
    return fc.integer({
      min: Math.ceil(min ?? Number.MIN_SAFE_INTEGER),
      max: Math.floor(max ?? Number.MAX_SAFE_INTEGER),
    });
  }
  return fc.double({ min: min ?? -1e15, max: max ?? 1e15, noNaN: true, noDefaultInfinity: true });
}

function arrayOf(s: Schema, scope: Scope, level: number): Arb {
  const minItems = (s.minItems as number | undefined) ?? 0;
  const deep = level >= scope.depth;
  const maxItems = Math.max(
    minItems,
    Math.min((s.maxItems as number | undefined) ?? (deep ? minItems : 4), minItems + 6),
  );
  const prefix = (
    Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : []
  ) as JsonSchema[];
  const rest = (Array.isArray(s.items) ? (s.additionalItems ?? true) : (s.items ?? true)) as JsonSchema;
  const tuple = prefix.map((item) => build(item, scope, level + 1));
  const restCount = Math.max(0, minItems - prefix.length);
  const restMax = rest === false ? 0 : Math.max(restCount, maxItems - prefix.length);
  const items = fc.array(build(rest, scope, level + 1), { minLength: restCount, maxLength: restMax });
  const contains = s.contains === undefined ? undefined : build(s.contains as JsonSchema, scope, level + 1);
  const minContains = (s.minContains as number | undefined) ?? 1;
  return fc
    .tuple(
      fc.tuple(...tuple),
      items,
      contains ? fc.array(contains, { minLength: minContains, maxLength: minContains }) : fc.constant([]),
    )
    .map(([head, tail, extra]) =>
      [...head, ...tail, ...extra].slice(0, Math.max(maxItems, minItems, prefix.length)),
    )
    .map((array) => (s.uniqueItems === true ? unique(array) : array));
}

function objectOf(s: Schema, scope: Scope, level: number): Arb {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const deep = level >= scope.depth;
  const record: Record<string, Arb> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (deep && !required.has(name)) continue;
    record[name] = build(sub, scope, level + 1);
  }
  for (const name of required) record[name] ??= jsonValue();
  const requiredKeys = [...required];
  // Messages are parsed JSON: objects with Object's prototype, never null-prototype ones.
  const base = fc.record(record, { requiredKeys, noNullPrototype: true });
  const additional = s.additionalProperties;
  const minProperties = (s.minProperties as number | undefined) ?? 0;
  if (additional === false || deep || (additional === undefined && minProperties === 0)) return base;
  const extra = build((additional ?? true) as JsonSchema, scope, level + 1);
  const names = fc
    .string({ minLength: 1, maxLength: 8, unit: 'grapheme-ascii' })
    .filter((name) => !(name in properties));
  return fc
    .tuple(
      base,
      fc.dictionary(names, extra, {
        noNullPrototype: true,
        minKeys: Math.max(0, minProperties - requiredKeys.length),
        maxKeys: Math.max(2, minProperties),
      }),
    )
    .map(([known, more]) => ({ ...more, ...(known as object) }));
}

function reference(s: Schema, scope: Scope, level: number): Arb {
  const target = resolve(s.$ref as string, scope);
  if (target === undefined) {
    scope.unbuilt.add(`$ref ${String(s.$ref)}`);
    return jsonValue();
  }
  const { $ref: _, ...siblings } = s;
  const merged = Object.keys(siblings).length > 0 ? mergeTwo(target.schema, siblings) : target.schema;
  const inner: Scope = target.root === scope.root ? scope : { ...scope, root: target.root };
  // Each hop through a reference counts as a level: recursive schemas end at the depth bound.
  return fc.constant(null).chain(() => build(merged, inner, level + 1));
}

function resolve(ref: string, scope: Scope): { schema: JsonSchema; root: JsonSchema } | undefined {
  const [base, fragment = ''] = ref.split('#') as [string, string?];
  const root = base === '' ? scope.root : scope.library.get(base);
  if (root === undefined) return undefined;
  let node: unknown = root;
  for (const segment of fragment.split('/').filter(Boolean)) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return node === undefined ? undefined : { schema: node as JsonSchema, root };
}

function mergeAll(s: Schema): JsonSchema {
  const { allOf, ...base } = s;
  return (allOf as JsonSchema[]).reduce<JsonSchema>((merged, part) => mergeTwo(merged, part), base);
}

/** A naive merge of two schemas (properties and required joined; other keywords: the second wins). */
function mergeTwo(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === true ? b : b === true ? a : false;
  const merged: Schema = { ...a, ...b };
  if (a.properties || b.properties)
    merged.properties = { ...(a.properties as object), ...(b.properties as object) };
  if (a.required || b.required)
    merged.required = [
      ...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])]),
    ];
  return merged;
}

function unique(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function jsonValue(): Arb {
  return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
}
