import type { JsonSchema } from '../../model/contract.js';
import type { SchemaLibrary } from '../../validation/create-ajv.js';

/** A (sub-)schema together with the document its `$ref`s resolve against. */
export interface SchemaNode {
  schema: JsonSchema;
  root: JsonSchema;
}

/** Keywords that only annotate: changing them never changes which messages are valid. */
export const annotationKeywords: ReadonlySet<string> = new Set([
  '$schema',
  '$id',
  '$comment',
  '$anchor',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
]);

/** Whether a keyword is an annotation (including `x-` extensions). */
export function isAnnotation(keyword: string): boolean {
  return annotationKeywords.has(keyword) || keyword.startsWith('x-');
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable identity for a node, for memoising inclusion checks on recursive schemas. */
export function nodeKey(node: SchemaNode): string {
  if (typeof node.schema === 'boolean') return String(node.schema);
  let id = ids.get(node.schema);
  if (id === undefined) {
    id = nextId++;
    ids.set(node.schema, id);
  }
  return String(id);
}

/** Resolves a `$ref` from a node: a pointer in the same document, or a library schema (by `$id`) and pointer. */
export function resolveRef(ref: string, from: SchemaNode, library: SchemaLibrary): SchemaNode | undefined {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  let root: JsonSchema | undefined = from.root;
  if (base !== '') {
    root = library.get(base);
    if (root === undefined) {
      for (const [id, schema] of library) if (id.endsWith(`/${base}`)) root = schema;
    }
    if (root === undefined) return undefined;
  }
  if (pointer !== '' && !pointer.startsWith('/')) return undefined;
  let target: unknown = root;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof target !== 'object' || target === null || !(segment in target)) return undefined;
    target = (target as Record<string, unknown>)[segment];
  }
  if (typeof target !== 'boolean' && (typeof target !== 'object' || target === null)) return undefined;
  return { schema: target as JsonSchema, root };
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((v, i) => jsonEqual(v, bs[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && jsonEqual((a as never)[k], (b as never)[k]));
}

/** Whether a schema contains a `$ref` or `$dynamicRef` anywhere. */
export function hasRef(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  if ('$ref' in schema || '$dynamicRef' in schema) return true;
  return Object.values(schema).some(hasRef);
}

/** Keywords whose value maps user-chosen names (property names, definition names) to schemas or lists. */
const mapKeywords = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependentRequired',
]);

/** A schema without its annotations, for comparing what it constrains. */
export function stripAnnotations(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (mapKeywords.has(k) && typeof v === 'object' && v !== null) {
      out[k] = Object.fromEntries(
        Object.entries(v as object).map(([name, s]) => [name, stripAnnotations(s)]),
      );
    } else if (!isAnnotation(k)) out[k] = k === 'enum' || k === 'const' ? v : stripAnnotations(v);
  }
  return out;
}
