import { type Alternative, allTypes, anything, type JsonType } from './alternative.js';
import type { DialectKeywords } from './dialect-keywords.js';
import { child, isAnnotation, jsonEqual, type SchemaNode } from './schema-node.js';

/** Keywords the checker reads itself, here or as composition in `normalize`. */
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

/**
 * The one alternative a schema object's own keywords describe, before `$ref`, `allOf`, `anyOf`, `oneOf`
 * and `unevaluated*` combine it with other schemas.
 */
export function ownConstraints(node: SchemaNode, read: DialectKeywords): Alternative {
  const alt = anything();
  readOpaque(alt, node, read);
  readDependencies(alt, node, read);
  readContains(alt, node, read.keywords);
  readTypesAndValues(alt, read.keywords);
  readNumberBounds(alt, read.keywords);
  readStringConstraints(alt, read.keywords);
  readArrayConstraints(alt, node, read.keywords);
  readObjectConstraints(alt, node, read.keywords);
  return alt;
}

/** Keywords the checker does not reason about, kept to be matched by equality; unknown keywords are ignored. */
function readOpaque(alt: Alternative, node: SchemaNode, read: DialectKeywords): void {
  const s = read.keywords;
  for (const [keyword, value] of Object.entries(s)) {
    if (isAnnotation(keyword) || handled.has(keyword)) continue;
    if (!opaqueKeywords.has(keyword)) continue;
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

function readDependencies(alt: Alternative, node: SchemaNode, read: DialectKeywords): void {
  for (const [name, names] of read.dependentRequired) alt.dependentRequired.push([name, names]);
  for (const [name, sub] of read.dependentSchemas) alt.dependentSchemas.push([name, child(node, sub)]);
}

function readContains(alt: Alternative, node: SchemaNode, s: Record<string, unknown>): void {
  if (s.contains === undefined) return;
  const min = typeof s.minContains === 'number' ? s.minContains : 1;
  const rule: Alternative['contains'][number] = { node: child(node, s.contains), min };
  if (typeof s.maxContains === 'number') rule.max = s.maxContains;
  alt.contains.push(rule);
}

/** `type`, then the finite value set of `enum` narrowed by `const`. */
function readTypesAndValues(alt: Alternative, s: Record<string, unknown>): void {
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is JsonType =>
      allTypes.includes(t),
    );
    alt.types = new Set(types);
    if (alt.types.has('number')) alt.types.delete('integer');
  }
  if (Array.isArray(s.enum)) alt.values = [...s.enum];
  if ('const' in s) alt.values = alt.values ? alt.values.filter((v) => jsonEqual(v, s.const)) : [s.const];
}

/** `minimum` / `maximum`, tightened by their exclusive forms; `multipleOf`. */
function readNumberBounds(alt: Alternative, s: Record<string, unknown>): void {
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
}

function readStringConstraints(alt: Alternative, s: Record<string, unknown>): void {
  if (typeof s.minLength === 'number') alt.minLength = s.minLength;
  if (typeof s.maxLength === 'number') alt.maxLength = s.maxLength;
  if (typeof s.pattern === 'string') alt.patterns.push(s.pattern);
  if (typeof s.format === 'string') alt.formats.push(s.format);
}

function readArrayConstraints(alt: Alternative, node: SchemaNode, s: Record<string, unknown>): void {
  if (typeof s.minItems === 'number') alt.minItems = s.minItems;
  if (typeof s.maxItems === 'number') alt.maxItems = s.maxItems;
  if (s.uniqueItems === true) alt.uniqueItems = true;
  if (s.prefixItems !== undefined || s.items !== undefined) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.map((p) => child(node, p)) : [];
    alt.arrays.push(s.items === undefined ? { prefix } : { prefix, items: child(node, s.items) });
  }
}

function readObjectConstraints(alt: Alternative, node: SchemaNode, s: Record<string, unknown>): void {
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
}
