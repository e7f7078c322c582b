import type { Alternative } from './alternative.js';
import type { SchemaNode } from './schema-node.js';

const compiled = new Map<string, RegExp | null>();

/** Whether a property name matches a `patternProperties` pattern (as ajv does, with the `u` flag). */
export function matchesPattern(pattern: string, name: string): boolean {
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    try {
      regexp = new RegExp(pattern, 'u');
    } catch {
      regexp = null;
    }
    compiled.set(pattern, regexp);
  }
  return regexp?.test(name) ?? false;
}

/** The schemas a property of this name must satisfy in an alternative (empty: anything). */
export function propertyNodes(alt: Alternative, name: string): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  for (const shape of alt.objects) {
    let matched = false;
    const declared = shape.properties.get(name);
    if (declared) {
      nodes.push(declared);
      matched = true;
    }
    for (const [pattern, node] of shape.patterns) {
      if (matchesPattern(pattern, name)) {
        nodes.push(node);
        matched = true;
      }
    }
    if (!matched && shape.additional) nodes.push(shape.additional);
  }
  return nodes;
}

/** Whether an alternative declares a property name (in `properties`) in any of its shapes. */
export function declaresProperty(alt: Alternative, name: string): boolean {
  return alt.objects.some((shape) => shape.properties.has(name));
}

/** The schemas the item at an index must satisfy (empty: anything). */
export function itemNodes(alt: Alternative, index: number): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  for (const shape of alt.arrays) {
    if (index < shape.prefix.length) nodes.push(shape.prefix[index]!);
    else if (shape.items) nodes.push(shape.items);
  }
  return nodes;
}

/** Whether a node list forbids every value (contains `false`). */
export function forbidsAll(nodes: readonly SchemaNode[]): boolean {
  return nodes.some(
    (n) =>
      n.schema === false ||
      (typeof n.schema === 'object' &&
        (n.schema as { not?: unknown }).not !== undefined &&
        Object.keys((n.schema as { not: object }).not).length === 0),
  );
}
