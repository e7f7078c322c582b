import type { SchemaLibrary } from '../../validation/create-ajv.js';
import type { Alternative } from './alternative.js';
import { dialectKeywords, dialectOfRoot } from './dialect-keywords.js';
import type { Side } from './normalize.js';
import { resolveRef, type SchemaNode } from './schema-node.js';

/**
 * `unevaluatedProperties` as an extra object shape: the names the schema object evaluates are free, every
 * other name must match the node. On the superset side the evaluated names are those of the alternative's
 * own shapes (a value of the alternative passes them, so they are evaluated: the model is never more
 * permissive than ajv). On the subset side they are every name any in-place subschema could evaluate (the
 * model is never stricter); a subschema that could evaluate any name leaves no constraint.
 */
export function closeUnevaluatedProperties(
  alts: Alternative[],
  node: SchemaNode,
  rest: SchemaNode,
  side: Side,
  library: SchemaLibrary,
): Alternative[] {
  const free: SchemaNode = { schema: true, root: node.root };
  if (side === 'sub') {
    const reach = inPlaceReach(node, library);
    if (reach.anyProperty) return alts;
    const properties = new Map([...reach.properties].map((name) => [name, free]));
    const patterns = [...reach.patterns].map((p): [string, SchemaNode] => [p, free]);
    for (const alt of alts) alt.objects.push({ properties, patterns, additional: rest });
    return alts;
  }
  for (const alt of alts) {
    if (alt.objects.some((shape) => shape.additional !== undefined)) continue;
    const properties = new Map<string, SchemaNode>();
    const patterns: [string, SchemaNode][] = [];
    for (const shape of alt.objects) {
      for (const name of shape.properties.keys()) properties.set(name, free);
      for (const [pattern] of shape.patterns) patterns.push([pattern, free]);
    }
    alt.objects.push({ properties, patterns, additional: rest });
  }
  return alts;
}

/** `unevaluatedItems` as an extra array shape: the positions the schema evaluates are free, the rest match the node. */
export function closeUnevaluatedItems(
  alts: Alternative[],
  node: SchemaNode,
  rest: SchemaNode,
  side: Side,
  library: SchemaLibrary,
): Alternative[] {
  const free: SchemaNode = { schema: true, root: node.root };
  if (side === 'sub') {
    const reach = inPlaceReach(node, library);
    if (reach.anyItem) return alts;
    for (const alt of alts)
      alt.arrays.push({ prefix: Array.from({ length: reach.prefix }, () => free), items: rest });
    return alts;
  }
  for (const alt of alts) {
    if (alt.arrays.some((shape) => shape.items !== undefined)) continue;
    const prefix = Math.max(0, ...alt.arrays.map((shape) => shape.prefix.length));
    alt.arrays.push({ prefix: Array.from({ length: prefix }, () => free), items: rest });
  }
  return alts;
}

interface Reach {
  properties: Set<string>;
  patterns: Set<string>;
  anyProperty: boolean;
  prefix: number;
  anyItem: boolean;
}

const inPlace = ['allOf', 'anyOf', 'oneOf'];

/** Everything the in-place subschemas of a node could evaluate (the node's own keywords included). */
function inPlaceReach(node: SchemaNode, library: SchemaLibrary): Reach {
  const reach: Reach = {
    properties: new Set(),
    patterns: new Set(),
    anyProperty: false,
    prefix: 0,
    anyItem: false,
  };
  const seen = new Set<unknown>();
  const stack: SchemaNode[] = [node];
  let first = true;
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.schema !== 'object' || seen.has(current.schema)) continue;
    seen.add(current.schema);
    const read = dialectKeywords(current.schema as Record<string, unknown>, dialectOfRoot(current.root));
    const s = read.keywords;
    for (const name of Object.keys((s.properties ?? {}) as object)) reach.properties.add(name);
    for (const pattern of Object.keys((s.patternProperties ?? {}) as object)) reach.patterns.add(pattern);
    if (s.additionalProperties !== undefined || (!first && s.unevaluatedProperties !== undefined))
      reach.anyProperty = true;
    if (Array.isArray(s.prefixItems)) reach.prefix = Math.max(reach.prefix, s.prefixItems.length);
    if (s.items !== undefined || s.contains !== undefined || (!first && s.unevaluatedItems !== undefined))
      reach.anyItem = true;
    if (s.$dynamicRef !== undefined || s.$recursiveRef !== undefined) {
      reach.anyProperty = true;
      reach.anyItem = true;
    }
    first = false;
    const push = (sub: unknown) => stack.push({ schema: sub as SchemaNode['schema'], root: current.root });
    for (const keyword of inPlace) if (Array.isArray(s[keyword])) (s[keyword] as unknown[]).forEach(push);
    for (const keyword of ['if', 'then', 'else']) if (s[keyword] !== undefined) push(s[keyword]);
    for (const [, sub] of read.dependentSchemas) push(sub);
    if (typeof s.$ref === 'string') {
      const target = resolveRef(s.$ref, current, library);
      if (target === undefined) {
        reach.anyProperty = true;
        reach.anyItem = true;
      } else stack.push(target);
    }
  }
  return reach;
}
