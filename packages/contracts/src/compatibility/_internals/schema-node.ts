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

/** Deep equality of JSON values (object key order ignored); iterative, so nesting depth is no limit. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      if (x.length !== ys.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], ys[i]]);
      continue;
    }
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    for (const k of kx) {
      if (!Object.hasOwn(y, k)) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}

/** Whether a schema contains a `$ref` or `$dynamicRef` anywhere. */
export function hasRef(schema: unknown): boolean {
  const stack = [schema];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if ('$ref' in current || '$dynamicRef' in current) return true;
    stack.push(...Object.values(current));
  }
  return false;
}

/** Keywords whose value maps user-chosen names (property names, definition names) to schemas or lists. */
export const mapKeywords: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependentRequired',
]);

/** A schema without its annotations, for comparing what it constrains (iterative: any depth). */
export function stripAnnotations(schema: unknown): unknown {
  const result: { value?: unknown } = {};
  const stack: [unknown, (v: unknown) => void][] = [[schema, (v) => (result.value = v)]];
  while (stack.length > 0) {
    const [current, assign] = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      assign(current);
      continue;
    }
    if (Array.isArray(current)) {
      const out: unknown[] = new Array(current.length);
      assign(out);
      for (let i = 0; i < current.length; i++) stack.push([current[i], (x) => (out[i] = x)]);
      continue;
    }
    const out: Record<string, unknown> = {};
    assign(out);
    for (const [k, v] of Object.entries(current)) {
      if (mapKeywords.has(k) && typeof v === 'object' && v !== null) {
        const names: Record<string, unknown> = {};
        out[k] = names;
        for (const [name, sub] of Object.entries(v as object)) stack.push([sub, (x) => (names[name] = x)]);
      } else if (!isAnnotation(k)) {
        if (k === 'enum' || k === 'const') out[k] = v;
        else {
          out[k] = undefined;
          stack.push([v, (x) => (out[k] = x)]);
        }
      }
    }
  }
  return result.value;
}

/** A sub-schema of a node's document: its `$ref`s resolve against the same root. */
export function child(node: SchemaNode, schema: unknown): SchemaNode {
  return { schema: schema as SchemaNode['schema'], root: node.root };
}
