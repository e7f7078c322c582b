import type { SchemaNode } from './schema-node.js';

/** A JSON type; `number` includes the integers. */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export const allTypes: readonly JsonType[] = [
  'null',
  'boolean',
  'integer',
  'number',
  'string',
  'array',
  'object',
];

/** `properties` / `patternProperties` / `additionalProperties` of one schema: they only make sense together. */
export interface ObjectShape {
  properties: Map<string, SchemaNode>;
  patterns: [string, SchemaNode][];
  additional?: SchemaNode;
}

/** `prefixItems` / `items` of one schema. */
export interface ArrayShape {
  prefix: SchemaNode[];
  items?: SchemaNode;
}

/** `contains` with its counts: at least `min` (and at most `max`) items valid under `node`. */
export interface ContainsRule {
  node: SchemaNode;
  min: number;
  max?: number;
}

/** A keyword the checker does not reason about; it can only be matched by the same keyword on the other side. */
export interface OpaqueKeyword {
  keyword: string;
  value: unknown;
  /** The document the value's `$ref`s resolve against. */
  root: unknown;
  /** The dialect the value is read in: equal values of two dialects may mean different things. */
  dialect: string;
}

/**
 * One alternative of a schema in disjunctive normal form: the conjunction of every constraint that applies,
 * grouped by the type it constrains.
 */
export interface Alternative {
  types: Set<JsonType>;
  /** A finite set of allowed values (`enum` / `const`), when present. */
  values?: unknown[];
  minimum?: { value: number; exclusive: boolean };
  maximum?: { value: number; exclusive: boolean };
  multipleOf: number[];
  minLength: number;
  maxLength?: number;
  patterns: string[];
  formats: string[];
  minItems: number;
  maxItems?: number;
  uniqueItems: boolean;
  arrays: ArrayShape[];
  minProperties: number;
  maxProperties?: number;
  required: Set<string>;
  objects: ObjectShape[];
  /** `dependentRequired` (and draft-07 `dependencies` lists): when the name is present, these are required. */
  dependentRequired: [string, string[]][];
  /** `dependentSchemas` (and draft-07 `dependencies` schemas): when the name is present, the object matches the node. */
  dependentSchemas: [string, SchemaNode][];
  contains: ContainsRule[];
  opaque: OpaqueKeyword[];
}

/** The alternative that accepts every JSON value. */
export function anything(): Alternative {
  return {
    types: new Set(allTypes),
    multipleOf: [],
    minLength: 0,
    patterns: [],
    formats: [],
    minItems: 0,
    uniqueItems: false,
    arrays: [],
    minProperties: 0,
    required: new Set(),
    objects: [],
    dependentRequired: [],
    dependentSchemas: [],
    contains: [],
    opaque: [],
  };
}

/** Whether a type set allows a type (`number` allows `integer`). */
export function allowsType(types: ReadonlySet<JsonType>, type: JsonType): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function intersectTypes(a: ReadonlySet<JsonType>, b: ReadonlySet<JsonType>): Set<JsonType> {
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === 'number' && b.has('integer')) out.add('integer');
    else if (t === 'integer' && b.has('number')) out.add('integer');
  }
  if (out.has('number')) out.delete('integer');
  return out;
}

function stricterMin(a: Alternative['minimum'], b: Alternative['minimum']): Alternative['minimum'] {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return { value: a.value, exclusive: a.exclusive || b.exclusive };
}

function stricterMax(a: Alternative['maximum'], b: Alternative['maximum']): Alternative['maximum'] {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return { value: a.value, exclusive: a.exclusive || b.exclusive };
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The intersection of two alternatives. Finite value sets are intersected by JSON equality. */
export function intersect(
  a: Alternative,
  b: Alternative,
  equal: (x: unknown, y: unknown) => boolean,
): Alternative {
  const out: Alternative = {
    types: intersectTypes(a.types, b.types),
    multipleOf: [...a.multipleOf, ...b.multipleOf],
    minLength: Math.max(a.minLength, b.minLength),
    patterns: [...a.patterns, ...b.patterns],
    formats: [...a.formats, ...b.formats],
    minItems: Math.max(a.minItems, b.minItems),
    uniqueItems: a.uniqueItems || b.uniqueItems,
    arrays: [...a.arrays, ...b.arrays],
    minProperties: Math.max(a.minProperties, b.minProperties),
    required: new Set([...a.required, ...b.required]),
    objects: [...a.objects, ...b.objects],
    dependentRequired: [...a.dependentRequired, ...b.dependentRequired],
    dependentSchemas: [...a.dependentSchemas, ...b.dependentSchemas],
    contains: [...a.contains, ...b.contains],
    opaque: [...a.opaque, ...b.opaque],
  };
  const minimum = stricterMin(a.minimum, b.minimum);
  const maximum = stricterMax(a.maximum, b.maximum);
  if (minimum) out.minimum = minimum;
  if (maximum) out.maximum = maximum;
  const maxLength = minOf(a.maxLength, b.maxLength);
  const maxItems = minOf(a.maxItems, b.maxItems);
  const maxProperties = minOf(a.maxProperties, b.maxProperties);
  if (maxLength !== undefined) out.maxLength = maxLength;
  if (maxItems !== undefined) out.maxItems = maxItems;
  if (maxProperties !== undefined) out.maxProperties = maxProperties;
  if (a.values && b.values) out.values = intersectValues(a.values, b.values, equal);
  else if (a.values || b.values) out.values = a.values ?? b.values;
  return out;
}

/** The JSON type of a value, `integer` for whole numbers. */
export function typeOfValue(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/** The values of `a` also in `b`, in linear time for scalars (enums of 200,000 values are real). */
function intersectValues(
  a: readonly unknown[],
  b: readonly unknown[],
  equal: (x: unknown, y: unknown) => boolean,
): unknown[] {
  const scalars = new Set<unknown>();
  const objects: unknown[] = [];
  for (const w of b) {
    if (typeof w === 'object' && w !== null) objects.push(w);
    else scalars.add(w);
  }
  return a.filter((v) =>
    typeof v === 'object' && v !== null ? objects.some((w) => equal(v, w)) : scalars.has(v),
  );
}
