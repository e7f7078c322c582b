import type { Alternative, JsonType } from './alternative.js';
import type { Checker } from './checker.js';
import { itemNodes, propertyNodes } from './effective.js';
import { numberCandidates, stringCandidates } from './examples.js';
import { TooComplex } from './normalize.js';
import type { SchemaNode } from './schema-node.js';

const maxDepth = 8;
const order: JsonType[] = ['object', 'string', 'integer', 'number', 'boolean', 'null', 'array'];

/** A value valid under every node of the subset side, built from its constraints; `undefined` if none is found. */
export function exampleOf(checker: Checker, nodes: readonly SchemaNode[], depth = 0): unknown {
  if (depth > maxDepth) return undefined;
  let alts: Alternative[];
  try {
    alts = checker.normalize(nodes, 'sub');
  } catch (error) {
    if (error instanceof TooComplex) return undefined;
    throw error;
  }
  for (const alt of alts) {
    const types = order.filter((t) => alt.types.has(t));
    for (const type of types) {
      for (const candidate of exampleCandidates(checker, alt, type, depth)) {
        if (checker.valid(nodes, 'sub', candidate) === true) return candidate;
      }
    }
    for (const value of alt.values ?? []) if (checker.valid(nodes, 'sub', value) === true) return value;
  }
  return undefined;
}

/** Candidate values of one type for an alternative (not yet validated). */
export function exampleCandidates(
  checker: Checker,
  alt: Alternative,
  type: JsonType,
  depth: number,
): unknown[] {
  if (alt.values) return alt.values;
  switch (type) {
    case 'null':
      return [null];
    case 'boolean':
      return [true, false];
    case 'integer':
    case 'number':
      return numberCandidates(alt, [], type).sort(
        (x, y) => Number(Number.isInteger(y)) - Number(Number.isInteger(x)),
      );
    case 'string':
      return stringCandidates(alt);
    case 'array': {
      const items = arrayExample(checker, alt, alt.minItems, depth);
      return items === undefined ? [] : [items];
    }
    case 'object': {
      const object = objectExample(checker, alt, depth);
      return object === undefined ? [] : [object];
    }
  }
}

/**
 * An object holding the required properties of an alternative (and enough others for `minProperties`);
 * `except` is left `undefined` in its place, for the caller to set.
 */
export function objectExample(
  checker: Checker,
  alt: Alternative,
  depth: number,
  except?: string,
): Record<string, unknown> | undefined {
  const object: Record<string, unknown> = {};
  for (const name of alt.required) {
    if (name === except) {
      object[name] = undefined; // its place in the key order; the caller sets it
      continue;
    }
    const value = exampleOf(checker, propertyNodes(alt, name), depth + 1);
    if (value === undefined) return undefined;
    object[name] = value;
  }
  const optional = alt.objects.flatMap((shape) => [...shape.properties.keys()]).filter((k) => !(k in object));
  for (const name of optional) {
    if (Object.keys(object).length >= alt.minProperties) break;
    const value = exampleOf(checker, propertyNodes(alt, name), depth + 1);
    if (value !== undefined) object[name] = value;
  }
  for (let round = 0; round < 5 && addDependents(checker, alt, object, depth); round++);
  return object;
}

/** Adds what the alternative's `dependentRequired` / `dependentSchemas` ask of the present names; whether any was added. */
function addDependents(
  checker: Checker,
  alt: Alternative,
  object: Record<string, unknown>,
  depth: number,
): boolean {
  let added = false;
  const add = (name: string, nodes: SchemaNode[]) => {
    if (name in object) return;
    const value = exampleOf(checker, [...propertyNodes(alt, name), ...nodes], depth + 1);
    if (value === undefined) return;
    object[name] = value;
    added = true;
  };
  for (const [trigger, needs] of alt.dependentRequired)
    if (trigger in object) for (const need of needs) add(need, []);
  for (const [trigger, node] of alt.dependentSchemas) {
    if (!(trigger in object)) continue;
    let dependent: Alternative | undefined;
    try {
      dependent = checker.normalize([node], 'sub')[0];
    } catch (error) {
      if (!(error instanceof TooComplex)) throw error;
    }
    for (const name of dependent?.required ?? []) add(name, propertyNodes(dependent!, name));
  }
  return added;
}

/** An array example of at least `length` items for an alternative. */
export function arrayExample(
  checker: Checker,
  alt: Alternative,
  length: number,
  depth: number,
): unknown[] | undefined {
  const items: unknown[] = [];
  for (let i = 0; i < Math.max(length, alt.minItems); i++) {
    const item = exampleOf(checker, itemNodes(alt, i), depth + 1);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return withContained(checker, alt, items, depth);
}

/** Adds items so that each `contains` of the alternative counts enough matches. */
function withContained(
  checker: Checker,
  alt: Alternative,
  items: unknown[],
  depth: number,
): unknown[] | undefined {
  for (const rule of alt.contains) {
    let count = items.filter((item) => checker.valid([rule.node], 'sub', item) === true).length;
    while (count < rule.min && items.length < 1000) {
      const item = exampleOf(checker, [...itemNodes(alt, items.length), rule.node], depth + 1);
      if (item === undefined) return undefined;
      items.push(item);
      count++;
    }
  }
  return items;
}
