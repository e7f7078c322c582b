import type { JsonSchema } from '../../model/contract.js';
import {
  holdsOneSchema,
  holdsSchemaList,
  holdsSchemaMap,
  subschemasOf,
} from '../../validation/subschema-keywords.js';

const combinators = ['allOf', 'anyOf', 'oneOf'] as const;
/** Keywords that say nothing about which values are valid. */
const annotations = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

type Node = Record<string, unknown>;

/**
 * The same schema with combinators that only wrap others taken away: `{ anyOf: [x] }` (any of the three with one
 * branch and nothing else that constrains) is `x`, and an `anyOf` (or `allOf`) branch that is only an `anyOf`
 * (`allOf`) gives its branches to its parent. Nesting such wrappers thousands deep is depth the checker would
 * otherwise walk and give up on; the values each schema accepts are the same. The schema itself when there is
 * nothing to take away, or when a `$ref` points inside a combinator (its place would move).
 */
export function flattenCombinators(schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object') return schema;
  const subschemas = subschemasOf(schema).map(({ schema: node }) => node as Node);
  if (!subschemas.some(isWrapper) || subschemas.some(refersIntoCombinator)) return schema;
  const root = unwrap(schema) as JsonSchema;
  if (typeof root !== 'object') return root;
  const copy: Node = {};
  const stack: [Node, Node][] = [[root as Node, copy]];
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    for (const [key, value] of Object.entries(source)) {
      const child = (sub: unknown): unknown => {
        const inner = unwrap(sub);
        if (!isNode(inner)) return inner;
        const made: Node = {};
        stack.push([inner, made]);
        return made;
      };
      if (holdsSchemaList(key) && Array.isArray(value)) {
        const branches = key === 'allOf' || key === 'anyOf' ? spliced(value, key) : value;
        target[key] = branches.map(child);
      } else if (holdsOneSchema(key) && isNode(value)) target[key] = child(value);
      else if (holdsSchemaMap(key) && isNode(value))
        target[key] = Object.fromEntries(
          Object.entries(value).map(([name, sub]) => [name, isNode(sub) ? child(sub) : sub]),
        );
      else target[key] = value;
    }
  }
  return copy as JsonSchema;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The combinator a node only consists of (annotations aside), if any. */
function onlyCombinator(node: unknown): (typeof combinators)[number] | undefined {
  if (!isNode(node)) return undefined;
  let found: (typeof combinators)[number] | undefined;
  for (const key of Object.keys(node)) {
    if (annotations.has(key)) continue;
    if (found !== undefined || !(combinators as readonly string[]).includes(key)) return undefined;
    found = key as (typeof combinators)[number];
  }
  return found !== undefined && Array.isArray(node[found]) ? found : undefined;
}

/** A node that is one combinator with one branch: the branch, as many times over as it is wrapped. */
function unwrap(node: unknown): unknown {
  let current = node;
  for (;;) {
    const combinator = onlyCombinator(current);
    const branches = combinator && ((current as Node)[combinator] as unknown[]);
    if (branches?.length !== 1) return current;
    current = branches[0];
  }
}

/** Past this many branches a spliced combinator is left nested (a validator of a very wide one overflows). */
const maxSplicedBranches = 64;

/**
 * The branches of an `allOf` / `anyOf`, with branches that are only the same combinator spliced in and equal
 * branches kept once (`a ∧ a` is `a`, `a ∨ a` is `a`) — as long as they stay at most {@link maxSplicedBranches}.
 */
function spliced(branches: unknown[], combinator: 'allOf' | 'anyOf'): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const work = [...branches].reverse();
  while (work.length > 0) {
    const branch = unwrap(work.pop());
    if (onlyCombinator(branch) === combinator && out.length + work.length < maxSplicedBranches)
      work.push(...[...((branch as Node)[combinator] as unknown[])].reverse());
    else {
      const key = onlyCombinator(branch) === combinator ? undefined : shallowKey(branch);
      if (key !== undefined && seen.has(key)) continue;
      if (key !== undefined) seen.add(key);
      out.push(branch);
    }
  }
  return out;
}

/** A key of a branch without nested schemas (most repeated branches are flat), else undefined: never deduped. */
function shallowKey(branch: unknown): string | undefined {
  if (!isNode(branch)) return JSON.stringify(branch);
  for (const value of Object.values(branch))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  return JSON.stringify(branch);
}

/** Whether a subschema is a wrapper: a single-branch combinator, or an allOf/anyOf with a branch of its own kind. */
function isWrapper(node: Node): boolean {
  const combinator = onlyCombinator(node);
  if (combinator && (node[combinator] as unknown[]).length === 1) return true;
  return (['allOf', 'anyOf'] as const).some((kind) => {
    const branches = node[kind];
    return Array.isArray(branches) && branches.some((b) => onlyCombinator(b) === kind);
  });
}

/** Whether a subschema's `$ref` points through a combinator's branches (`#/anyOf/0/…`): flattening would move it. */
function refersIntoCombinator(node: Node): boolean {
  const ref = node.$ref;
  return typeof ref === 'string' && /\/(allOf|anyOf|oneOf)(\/|$)/.test(ref);
}
