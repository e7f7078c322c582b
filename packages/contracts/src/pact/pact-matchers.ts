import { MatchersV3 } from '@pact-foundation/pact';
import { resolveRef, type SchemaNode } from '../compatibility/_internals/schema-node.js';
import type { JsonSchema } from '../model/contract.js';
import type { SchemaLibrary } from '../validation/create-ajv.js';

const formatRegex: Record<string, string> = {
  uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  date: '\\d{4}-\\d{2}-\\d{2}',
  'date-time': '\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})',
  time: '\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})?',
  email: '[^@\\s]+@[^@\\s]+',
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON Schema `pattern` searches; a Pact regex must match the whole value. */
export function wholeValueRegex(pattern: string): string {
  return `[\\s\\S]*(?:${pattern})[\\s\\S]*`;
}

/**
 * Pact matchers for an example value, derived from its schema: types for numbers, booleans and plain
 * strings, regexes for patterns, formats and enums, `eachLike` for arrays, exact values for `const`. The
 * provider is then verified on what the schema constrains, not on the example's incidental values.
 */
export function pactMatchersFor(schema: JsonSchema, example: unknown, library: SchemaLibrary): unknown {
  return build({ schema, root: schema }, example, library, 0);
}

function build(node: SchemaNode, value: unknown, library: SchemaLibrary, depth: number): unknown {
  const s = resolved(node, library);
  if (s === undefined || depth > 30) return MatchersV3.like(value);
  const schema = s.schema as Record<string, unknown>;
  if ('const' in schema) return value;
  if (Array.isArray(schema.enum)) {
    return typeof value === 'string' && schema.enum.every((v) => typeof v === 'string')
      ? MatchersV3.regex(`^(${schema.enum.map((v) => escapeRegex(v as string)).join('|')})$`, value)
      : value;
  }
  if (value === null) return MatchersV3.nullValue();
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const items =
      typeof schema.items === 'object'
        ? { schema: schema.items as JsonSchema, root: s.root }
        : { schema: true, root: s.root };
    return MatchersV3.eachLike(
      build(items, value[0], library, depth + 1),
      Math.max(1, Number(schema.minItems ?? 1)),
    );
  }
  if (typeof value === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        key,
        build({ schema: properties[key] ?? true, root: s.root }, v, library, depth + 1),
      ]),
    );
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string') return MatchersV3.regex(wholeValueRegex(schema.pattern), value);
    const format = typeof schema.format === 'string' ? formatRegex[schema.format] : undefined;
    if (format !== undefined) return MatchersV3.regex(`^${format}$`, value);
    return MatchersV3.string(value);
  }
  if (typeof value === 'number') {
    const integral = [schema.type].flat().includes('integer');
    return integral ? MatchersV3.integer(value) : MatchersV3.number(value);
  }
  if (typeof value === 'boolean') return MatchersV3.boolean(value);
  return MatchersV3.like(value);
}

/** Follows `$ref`s (and a single-schema `allOf`) to the schema that says what a value looks like. */
function resolved(node: SchemaNode, library: SchemaLibrary): SchemaNode | undefined {
  let current: SchemaNode | undefined = node;
  for (let i = 0; i < 20 && current !== undefined; i++) {
    const schema = current.schema;
    if (typeof schema !== 'object') return { schema: {}, root: current.root };
    if (typeof schema.$ref === 'string') current = resolveRef(schema.$ref, current, library);
    else if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && Object.keys(schema).length === 1)
      current = { schema: schema.allOf[0] as JsonSchema, root: current.root };
    else return current;
  }
  return undefined;
}
