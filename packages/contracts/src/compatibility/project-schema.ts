import type { JsonSchema } from '../model/contract.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';
import { resolveRef, type SchemaNode } from './_internals/schema-node.js';

/** The fields a consumer reads: property names to sub-fields, `[]` for array items, `true` for a whole value. */
export type FieldTree = true | { [field: string]: FieldTree };

/** The fields present in an example value (what a consumer's pact shows it reads). */
export function fieldsOf(value: unknown): FieldTree {
  if (Array.isArray(value))
    return value.length === 0 ? true : { '[]': value.map(fieldsOf).reduce(mergeFields) };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fieldsOf(v)]));
  }
  return true;
}

function mergeFields(a: FieldTree, b: FieldTree): FieldTree {
  if (a === true || b === true) return true;
  const out: Record<string, FieldTree> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeFields(out[k]!, v) : v;
  return out;
}

/** Lists a field tree as paths: `total.amount`, `lines[].sku`. */
export function fieldPaths(tree: FieldTree, prefix = ''): string[] {
  if (tree === true) return prefix ? [prefix] : [];
  return Object.entries(tree).flatMap(([k, v]) =>
    fieldPaths(v, k === '[]' ? `${prefix}[]` : prefix ? `${prefix}.${k}` : k),
  );
}

const objectKeywords = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
];

/**
 * The part of a schema a consumer depends on: only the fields it reads, every object left open. Comparing
 * projections tells whether a change breaks that consumer, whatever happens to fields it ignores.
 */
export function projectSchema(
  schema: JsonSchema,
  fields: FieldTree,
  library: SchemaLibrary = new Map(),
): JsonSchema {
  const projected = project({ schema, root: schema }, fields, library, 0);
  if (typeof schema === 'object' && typeof projected === 'object') {
    for (const defs of ['$defs', 'definitions'])
      if (schema[defs] !== undefined) projected[defs] = schema[defs];
  }
  return projected;
}

function project(node: SchemaNode, fields: FieldTree, library: SchemaLibrary, depth: number): JsonSchema {
  const schema = node.schema;
  if (fields === true || typeof schema === 'boolean' || depth > 40) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (
      objectKeywords.includes(k) ||
      k === 'items' ||
      k === 'prefixItems' ||
      k === 'contains' ||
      k === 'unevaluatedItems'
    )
      continue;
    if (k === 'allOf' || k === 'anyOf' || k === 'oneOf')
      out[k] = (v as JsonSchema[]).map((s) =>
        project({ schema: s, root: node.root }, fields, library, depth + 1),
      );
    else if (k === '$ref') {
      const target = resolveRef(v as string, node, library);
      if (target === undefined) out.$ref = v;
      else out.allOf = [...((out.allOf as JsonSchema[]) ?? []), project(target, fields, library, depth + 1)];
    } else if (k !== '$defs' && k !== 'definitions') out[k] = v;
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const read: Record<string, JsonSchema> = {};
  for (const [name, sub] of Object.entries(fields)) {
    if (name === '[]') continue;
    const declared =
      properties[name] ??
      patternSchema(schema, name) ??
      (schema.additionalProperties as JsonSchema | undefined);
    if (declared !== undefined)
      read[name] = project({ schema: declared, root: node.root }, sub, library, depth + 1);
  }
  if (Object.keys(read).length > 0) out.properties = read;
  const stillRequired = required.filter((r) => r in fields);
  if (stillRequired.length > 0) out.required = stillRequired;
  const items = fields['[]'];
  if (items !== undefined) {
    if (schema.items !== undefined)
      out.items = project({ schema: schema.items as JsonSchema, root: node.root }, items, library, depth + 1);
    if (Array.isArray(schema.prefixItems))
      out.prefixItems = schema.prefixItems.map((s) =>
        project({ schema: s as JsonSchema, root: node.root }, items, library, depth + 1),
      );
  }
  return out;
}

function patternSchema(schema: Record<string, unknown>, name: string): JsonSchema | undefined {
  for (const [pattern, sub] of Object.entries(
    (schema.patternProperties ?? {}) as Record<string, JsonSchema>,
  )) {
    if (new RegExp(pattern, 'u').test(name)) return sub;
  }
  return undefined;
}
