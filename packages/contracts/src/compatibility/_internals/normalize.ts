import type { SchemaLibrary } from '../../validation/create-ajv.js';
import { type Alternative, allTypes, anything, intersect, type JsonType } from './alternative.js';
import { dialectKeywords, dialectOfRoot } from './dialect-keywords.js';
import { isAnnotation, jsonEqual, resolveRef, type SchemaNode } from './schema-node.js';
import { closeUnevaluatedItems, closeUnevaluatedProperties } from './unevaluated.js';

/**
 * Which side of an inclusion a schema is on. The subset side may be over-approximated (constraints it
 * cannot reason about are dropped), the superset side only under-approximated (they must be matched
 * exactly on the other side): both keep "compatible" sound.
 */
export type Side = 'sub' | 'super';

/** Thrown when a schema's normal form grows past what the checker explores. */
export class TooComplex extends Error {}

const maxAlternatives = 64;
const handled = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'prefixItems',
  'items',
  'properties',
  'patternProperties',
  'additionalProperties',
  'required',
  'minProperties',
  'maxProperties',
  '$ref',
  'contains',
  'minContains',
  'maxContains',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$defs',
  'definitions',
  'allOf',
  'anyOf',
  'oneOf',
]);
/** Keywords ajv enforces that the checker does not reason about. */
const opaqueKeywords = new Set([
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  '$dynamicRef',
  '$recursiveRef',
]);
/** Keywords whose meaning depends on sibling keywords: never matched by equality. */
const contextual = new Set(['$dynamicRef', '$recursiveRef']);

/** The disjunctive normal form of a conjunction of schemas. */
export function normalize(nodes: readonly SchemaNode[], side: Side, library: SchemaLibrary): Alternative[] {
  let alts: Alternative[] = [anything()];
  for (const node of nodes) alts = product(alts, normalizeNode(node, side, library, []));
  return alts;
}

function normalizeNode(node: SchemaNode, side: Side, library: SchemaLibrary, refs: string[]): Alternative[] {
  const schema = node.schema;
  if (schema === true) return [anything()];
  if (schema === false) return [];
  const alt = anything();
  const read = dialectKeywords(schema as Record<string, unknown>, dialectOfRoot(node.root));
  const s = read.keywords;
  let alts: Alternative[] = [alt];
  for (const [keyword, value] of Object.entries(s)) {
    if (isAnnotation(keyword) || handled.has(keyword)) continue;
    if (opaqueKeywords.has(keyword)) {
      if (keyword === 'then' || keyword === 'else') continue;
      const opaque = keyword === 'if' ? { if: value, then: s.then, else: s.else } : value;
      alt.opaque.push({
        keyword,
        value: contextual.has(keyword) ? Symbol(keyword) : opaque,
        root: node.root,
        dialect: read.dialect,
      });
    }
  }
  for (const [name, names] of read.dependentRequired) alt.dependentRequired.push([name, names]);
  for (const [name, sub] of read.dependentSchemas) alt.dependentSchemas.push([name, child(node, sub)]);
  if (s.contains !== undefined) {
    const min = typeof s.minContains === 'number' ? s.minContains : 1;
    const rule: Alternative['contains'][number] = { node: child(node, s.contains), min };
    if (typeof s.maxContains === 'number') rule.max = s.maxContains;
    alt.contains.push(rule);
  }
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is JsonType =>
      allTypes.includes(t),
    );
    alt.types = new Set(types);
    if (alt.types.has('number')) alt.types.delete('integer');
  }
  if (Array.isArray(s.enum)) alt.values = [...s.enum];
  if ('const' in s) alt.values = alt.values ? alt.values.filter((v) => jsonEqual(v, s.const)) : [s.const];
  if (typeof s.minimum === 'number') alt.minimum = { value: s.minimum, exclusive: false };
  if (
    typeof s.exclusiveMinimum === 'number' &&
    (alt.minimum === undefined || s.exclusiveMinimum >= alt.minimum.value)
  ) {
    alt.minimum = { value: s.exclusiveMinimum, exclusive: true };
  }
  if (typeof s.maximum === 'number') alt.maximum = { value: s.maximum, exclusive: false };
  if (
    typeof s.exclusiveMaximum === 'number' &&
    (alt.maximum === undefined || s.exclusiveMaximum <= alt.maximum.value)
  ) {
    alt.maximum = { value: s.exclusiveMaximum, exclusive: true };
  }
  if (typeof s.multipleOf === 'number') alt.multipleOf.push(s.multipleOf);
  if (typeof s.minLength === 'number') alt.minLength = s.minLength;
  if (typeof s.maxLength === 'number') alt.maxLength = s.maxLength;
  if (typeof s.pattern === 'string') alt.patterns.push(s.pattern);
  if (typeof s.format === 'string') alt.formats.push(s.format);
  if (typeof s.minItems === 'number') alt.minItems = s.minItems;
  if (typeof s.maxItems === 'number') alt.maxItems = s.maxItems;
  if (s.uniqueItems === true) alt.uniqueItems = true;
  if (s.prefixItems !== undefined || s.items !== undefined) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.map((p) => child(node, p)) : [];
    alt.arrays.push(s.items === undefined ? { prefix } : { prefix, items: child(node, s.items) });
  }
  if (
    s.properties !== undefined ||
    s.patternProperties !== undefined ||
    s.additionalProperties !== undefined
  ) {
    const properties = new Map(
      Object.entries((s.properties ?? {}) as object).map(([k, v]) => [k, child(node, v)]),
    );
    const patterns = Object.entries((s.patternProperties ?? {}) as object).map(
      ([k, v]): [string, SchemaNode] => [k, child(node, v)],
    );
    alt.objects.push(
      s.additionalProperties === undefined
        ? { properties, patterns }
        : { properties, patterns, additional: child(node, s.additionalProperties) },
    );
  }
  if (Array.isArray(s.required)) for (const name of s.required) alt.required.add(String(name));
  if (typeof s.minProperties === 'number') alt.minProperties = s.minProperties;
  if (typeof s.maxProperties === 'number') alt.maxProperties = s.maxProperties;

  if (typeof s.$ref === 'string') {
    const target = resolveRef(s.$ref, node, library);
    const key = `${s.$ref}`;
    if (target === undefined || refs.includes(key)) {
      alt.opaque.push({ keyword: '$ref', value: Symbol(s.$ref), root: node.root, dialect: read.dialect });
    } else {
      alts = product(alts, normalizeNode(target, side, library, [...refs, key]));
    }
  }
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf) alts = product(alts, normalizeNode(child(node, sub), side, library, refs));
  }
  if (Array.isArray(s.anyOf)) {
    alts = product(
      alts,
      s.anyOf.flatMap((sub) => normalizeNode(child(node, sub), side, library, refs)),
    );
  }
  if (Array.isArray(s.oneOf)) {
    const branches = s.oneOf.map((sub) => normalizeNode(child(node, sub), side, library, refs));
    const asUnion = side === 'sub' || pairwiseDisjoint(branches);
    if (asUnion) alts = product(alts, branches.flat());
    if (side === 'sub' || !asUnion)
      for (const a of alts)
        a.opaque.push({ keyword: 'oneOf', value: s.oneOf, root: node.root, dialect: read.dialect });
  }
  if (s.unevaluatedProperties !== undefined && s.unevaluatedProperties !== true)
    alts = closeUnevaluatedProperties(alts, node, child(node, s.unevaluatedProperties), side, library);
  if (s.unevaluatedItems !== undefined && s.unevaluatedItems !== true)
    alts = closeUnevaluatedItems(alts, node, child(node, s.unevaluatedItems), side, library);
  return alts;
}

export function child(node: SchemaNode, schema: unknown): SchemaNode {
  return { schema: schema as SchemaNode['schema'], root: node.root };
}

function product(left: Alternative[], right: Alternative[]): Alternative[] {
  const out: Alternative[] = [];
  for (const a of left) for (const b of right) out.push(intersect(a, b, jsonEqual));
  if (out.length > maxAlternatives) throw new TooComplex(`more than ${maxAlternatives} alternatives`);
  return out;
}

/** Whether no value can match two branches of a `oneOf` (so it behaves as `anyOf`). */
function pairwiseDisjoint(branches: Alternative[][]): boolean {
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      for (const a of branches[i]!) for (const b of branches[j]!) if (!disjoint(a, b)) return false;
    }
  }
  return true;
}

function disjoint(a: Alternative, b: Alternative): boolean {
  const common = [...a.types].filter(
    (t) =>
      b.types.has(t) ||
      (t === 'integer' && b.types.has('number')) ||
      (t === 'number' && b.types.has('integer')),
  );
  if (common.length === 0) return true;
  if (a.values && b.values && !a.values.some((v) => b.values!.some((w) => jsonEqual(v, w)))) return true;
  for (const name of a.required) {
    if (!b.required.has(name)) continue;
    const va = constantsOf(a, name);
    const vb = constantsOf(b, name);
    if (va && vb && !va.some((v) => vb.some((w) => jsonEqual(v, w)))) return true;
  }
  return false;
}

function constantsOf(alt: Alternative, name: string): unknown[] | undefined {
  for (const shape of alt.objects) {
    const schema = shape.properties.get(name)?.schema;
    if (typeof schema !== 'object' || schema === null) continue;
    if ('const' in schema) return [schema.const];
    if (Array.isArray(schema.enum)) return schema.enum;
  }
  return undefined;
}
