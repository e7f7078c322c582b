import { hasTupleItems, type SchemaDialect } from '../../validation/schema-dialect.js';

const objectKeywords = [
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'required',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
];
const arrayKeywords = [
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'minItems',
  'maxItems',
  'uniqueItems',
];
const sameInstance = ['allOf', 'anyOf', 'oneOf'];
const dropped = new Set(['$id', 'id', '$schema', '$defs', 'definitions', '$anchor', '$comment']);

/**
 * The part of a schema that can matter for one value: `properties` (and dependencies) only for the names
 * the value has, tuple positions only up to its length, object keywords dropped for non-objects and array
 * keywords for non-arrays, local `$ref`s inlined. ajv gives the same answer for that value on the pruned
 * schema, and compiles it in milliseconds where the whole schema (10,000 properties, 2,000 levels) takes
 * seconds or overflows the stack. `undefined` when the schema uses what cannot be pruned (`$dynamicRef`).
 */
export function pruneForInstance(
  schema: unknown,
  root: unknown,
  value: unknown,
  dialect: SchemaDialect,
): object | undefined {
  const state = {
    root,
    dialect,
    visiting: new Set<string>(),
    needsDefinitions: false,
    failed: false,
    depth: 0,
  };
  const pruned = prune(schema, value, state);
  if (state.failed || typeof pruned !== 'object')
    return pruned === true ? {} : pruned === false ? { not: {} } : undefined;
  const out = pruned as Record<string, unknown>;
  if (state.needsDefinitions && typeof root === 'object' && root !== null) {
    const r = root as Record<string, unknown>;
    if (r.$defs !== undefined) out.$defs = r.$defs;
    if (r.definitions !== undefined) out.definitions = r.definitions;
  }
  return out;
}

interface State {
  root: unknown;
  dialect: SchemaDialect;
  visiting: Set<string>;
  needsDefinitions: boolean;
  failed: boolean;
  /** Schemas being pruned, one inside the other: past {@link maxNesting} the pruning gives up (no overflow). */
  depth: number;
}

const maxNesting = 256;

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

function prune(schema: unknown, value: unknown, state: State): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  if (state.depth >= maxNesting) {
    state.failed = true;
    return schema;
  }
  state.depth++;
  try {
    return pruneObject(schema as Record<string, unknown>, value, state);
  } finally {
    state.depth--;
  }
}

function pruneObject(s: Record<string, unknown>, value: unknown, state: State): unknown {
  if (s.$dynamicRef !== undefined || s.$recursiveRef !== undefined) state.failed = true;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const isArray = Array.isArray(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (dropped.has(k)) continue;
    if (!isObject && objectKeywords.includes(k)) continue;
    if (!isArray && arrayKeywords.includes(k)) continue;
    out[k] = v;
  }
  if (isObject) {
    const instance = value as Record<string, unknown>;
    const present = (map: unknown) =>
      Object.entries((map ?? {}) as Record<string, unknown>).filter(([name]) =>
        Object.hasOwn(instance, name),
      );
    if (s.properties !== undefined)
      out.properties = Object.fromEntries(
        present(s.properties).map(([name, sub]) => [name, prune(sub, instance[name], state)]),
      );
    for (const keyword of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
      if (s[keyword] === undefined) continue;
      out[keyword] = Object.fromEntries(
        present(s[keyword]).map(([name, sub]) => [name, Array.isArray(sub) ? sub : prune(sub, value, state)]),
      );
    }
  }
  if (isArray) {
    const items = value as unknown[];
    const tupleKey = hasTupleItems(state.dialect) && Array.isArray(s.items) ? 'items' : 'prefixItems';
    const tuple = s[tupleKey];
    if (Array.isArray(tuple))
      out[tupleKey] = tuple.slice(0, Math.max(1, items.length)).map((sub, i) => prune(sub, items[i], state));
  }
  for (const keyword of sameInstance)
    if (Array.isArray(s[keyword]))
      out[keyword] = (s[keyword] as unknown[]).map((sub) => prune(sub, value, state));
  for (const keyword of ['not', 'if', 'then', 'else'])
    if (s[keyword] !== undefined) out[keyword] = prune(s[keyword], value, state);
  if (typeof s.$ref === 'string') {
    const target = s.$ref.startsWith('#/') || s.$ref === '#' ? resolveLocal(s.$ref, state.root) : undefined;
    const key = `${idOf(s)}:${valueKey(value)}`;
    if (target === undefined || state.visiting.has(key)) {
      state.needsDefinitions ||= s.$ref.startsWith('#');
    } else {
      state.visiting.add(key);
      delete out.$ref;
      out.allOf = [...((out.allOf as unknown[]) ?? []), prune(target, value, state)];
      state.visiting.delete(key);
    }
  }
  return out;
}

const valueIds = new WeakMap<object, number>();
function valueKey(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  let id = valueIds.get(value);
  if (id === undefined) {
    id = nextId++;
    valueIds.set(value, id);
  }
  return `#${id}`;
}

function resolveLocal(ref: string, root: unknown): unknown {
  let target = root;
  for (const raw of ref
    .slice(2)
    .split('/')
    .filter((p, i) => p !== '' || i > 0)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof target !== 'object' || target === null || !Object.hasOwn(target, segment)) return undefined;
    target = (target as Record<string, unknown>)[segment];
  }
  return target;
}
