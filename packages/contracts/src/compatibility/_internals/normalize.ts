import type { SchemaLibrary } from '../../validation/create-ajv.js';
import { type Alternative, anything, intersect } from './alternative.js';
import { type DialectKeywords, dialectKeywords, dialectOfRoot } from './dialect-keywords.js';
import { ownConstraints } from './own-constraints.js';
import { child, jsonEqual, resolveRef, type SchemaNode } from './schema-node.js';
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

/** The disjunctive normal form of a conjunction of schemas. */
export function normalize(nodes: readonly SchemaNode[], side: Side, library: SchemaLibrary): Alternative[] {
  let alts: Alternative[] = [anything()];
  for (const node of nodes) alts = product(alts, normalizeNode(node, side, library, []));
  return alts;
}

/** One schema object being normalized: its node, side, library, keywords and the `$ref`s being expanded. */
interface Context {
  node: SchemaNode;
  side: Side;
  library: SchemaLibrary;
  refs: string[];
  read: DialectKeywords;
}

/** Schemas normalized one inside the other (`allOf`, `anyOf`, `oneOf`, `$ref`): past the limit, too complex. */
let nesting = 0;
const maxNesting = 256;

/** A schema's own keywords, then each schema it is combined with. */
function normalizeNode(node: SchemaNode, side: Side, library: SchemaLibrary, refs: string[]): Alternative[] {
  if (nesting >= maxNesting)
    throw new TooComplex(
      `sub-schemas nest more than ${maxNesting} levels in one place (allOf, anyOf, oneOf, $ref)`,
    );
  nesting++;
  try {
    const schema = node.schema;
    if (schema === true) return [anything()];
    if (schema === false) return [];
    const read = dialectKeywords(schema as Record<string, unknown>, dialectOfRoot(node.root));
    const at: Context = { node, side, library, refs, read };
    let alts: Alternative[] = [ownConstraints(node, read)];
    alts = withRef(alts, at);
    alts = withAllOf(alts, at);
    alts = withAnyOf(alts, at);
    alts = withOneOf(alts, at);
    return withUnevaluated(alts, at);
  } finally {
    nesting--;
  }
}

/** A sub-schema of the node, normalized on the same side with the same `$ref`s in expansion. */
function normalizeChild(at: Context, sub: unknown): Alternative[] {
  return normalizeNode(child(at.node, sub), at.side, at.library, at.refs);
}

/** `$ref`: the target's normal form; an unresolved or recursive reference stays opaque. */
function withRef(alts: Alternative[], at: Context): Alternative[] {
  const ref = at.read.keywords.$ref;
  if (typeof ref !== 'string') return alts;
  const target = resolveRef(ref, at.node, at.library);
  if (target === undefined || at.refs.includes(ref)) {
    for (const a of alts)
      a.opaque.push({ keyword: '$ref', value: Symbol(ref), root: at.node.root, dialect: at.read.dialect });
    return alts;
  }
  return product(alts, normalizeNode(target, at.side, at.library, [...at.refs, ref]));
}

function withAllOf(alts: Alternative[], at: Context): Alternative[] {
  const allOf = at.read.keywords.allOf;
  if (!Array.isArray(allOf)) return alts;
  return allOf.reduce<Alternative[]>((out, sub) => product(out, normalizeChild(at, sub)), alts);
}

function withAnyOf(alts: Alternative[], at: Context): Alternative[] {
  const anyOf = at.read.keywords.anyOf;
  if (!Array.isArray(anyOf)) return alts;
  return product(
    alts,
    anyOf.flatMap((sub) => normalizeChild(at, sub)),
  );
}

/**
 * `oneOf`: a union when its branches are pairwise disjoint, or on the subset side (which may over-approximate);
 * kept opaque as well on the subset side, and instead of the union on the superset side otherwise.
 */
function withOneOf(alts: Alternative[], at: Context): Alternative[] {
  const oneOf = at.read.keywords.oneOf;
  if (!Array.isArray(oneOf)) return alts;
  const branches = oneOf.map((sub) => normalizeChild(at, sub));
  const asUnion = at.side === 'sub' || pairwiseDisjoint(branches);
  const out = asUnion ? product(alts, branches.flat()) : alts;
  if (at.side === 'sub' || !asUnion)
    for (const a of out)
      a.opaque.push({ keyword: 'oneOf', value: oneOf, root: at.node.root, dialect: at.read.dialect });
  return out;
}

/** `unevaluatedProperties` / `unevaluatedItems` (other than `true`) close what the alternatives evaluate. */
function withUnevaluated(alts: Alternative[], at: Context): Alternative[] {
  const { unevaluatedProperties, unevaluatedItems } = at.read.keywords;
  const { node, side, library } = at;
  let out = alts;
  if (unevaluatedProperties !== undefined && unevaluatedProperties !== true)
    out = closeUnevaluatedProperties(out, node, child(node, unevaluatedProperties), side, library);
  if (unevaluatedItems !== undefined && unevaluatedItems !== true)
    out = closeUnevaluatedItems(out, node, child(node, unevaluatedItems), side, library);
  return out;
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
