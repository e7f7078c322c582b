import type { JsonSchema } from '../../model/contract.js';
import type { SchemaLibrary } from '../../validation/create-ajv.js';

/** The schema a value at `path` (object keys, array indexes) is checked against, and its JSON pointer. */
export function subSchemaAt(
  schema: JsonSchema,
  path: readonly (string | number)[],
  library: SchemaLibrary,
): { schema: JsonSchema; pointer: string } | undefined {
  let node: JsonSchema = schema;
  let root: JsonSchema = schema;
  let pointer = '#';
  for (const segment of path) {
    ({ node, root } = dereference(node, root, library));
    if (typeof node !== 'object') return node === true ? { schema: true, pointer } : undefined;
    const s = node as Record<string, unknown>;
    const properties = s.properties as Record<string, JsonSchema> | undefined;
    if (typeof segment === 'string' && properties?.[segment] !== undefined) {
      node = properties[segment]!;
      pointer += `/properties/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    } else if (
      typeof segment === 'number' &&
      Array.isArray(s.prefixItems) &&
      segment < s.prefixItems.length
    ) {
      node = s.prefixItems[segment] as JsonSchema;
      pointer += `/prefixItems/${segment}`;
    } else if (typeof segment === 'number' && s.items !== undefined && !Array.isArray(s.items)) {
      node = s.items as JsonSchema;
      pointer += '/items';
    } else if (
      typeof segment === 'string' &&
      s.additionalProperties !== undefined &&
      s.additionalProperties !== false
    ) {
      node = s.additionalProperties as JsonSchema;
      pointer += '/additionalProperties';
    } else {
      return undefined;
    }
  }
  return { schema: dereference(node, root, library).node, pointer };
}

function dereference(
  node: JsonSchema,
  root: JsonSchema,
  library: SchemaLibrary,
): { node: JsonSchema; root: JsonSchema } {
  for (let hops = 0; hops < 20 && typeof node === 'object' && typeof node.$ref === 'string'; hops++) {
    const [base, fragment = ''] = (node.$ref as string).split('#') as [string, string?];
    const target: JsonSchema | undefined = base === '' ? root : library.get(base);
    if (target === undefined) return { node, root };
    root = target;
    let found: unknown = target;
    for (const segment of fragment.split('/').filter(Boolean))
      found = (found as Record<string, unknown>)?.[decodeURIComponent(segment)];
    if (found === undefined) return { node, root };
    node = found as JsonSchema;
  }
  return { node, root };
}
