import { jsonHeight } from '../../validation/json-height.js';
import { hasTupleItems, type SchemaDialect } from '../../validation/schema-dialect.js';
import { matchesPattern } from './effective.js';

/**
 * Schemas nesting deeper than this (JSON levels) are not given to ajv whole: its compile time grows
 * quadratically with depth (30 ms at 100 levels, 0.9 s at 300) and the code it generates overflows the stack
 * past a few hundred levels.
 */
export const compilableHeight = 64;
/** Where a deep schema is cut into chunks (JSON levels from the chunk's top). */
const chunkHeight = 32;

/** How to go from a value to the values a sub-schema applies to. */
type Step =
  | { kind: 'same' }
  | { kind: 'property'; name: string }
  | { kind: 'additional'; declared: ReadonlySet<string>; patterns: readonly string[] }
  | { kind: 'items'; from: number }
  | { kind: 'index'; index: number };

/** A sub-schema cut out of a chunk (replaced there by `true`) and the path of the values it applies to. */
interface Cut {
  schema: unknown;
  steps: readonly Step[];
  /** A `not`: the parts must be invalid under the schema. */
  negated?: true;
}

/** The top of a deep schema, with the sub-schemas below {@link chunkHeight} cut out. */
interface Chunk {
  dialect: SchemaDialect;
  schema: unknown;
  cuts: Cut[];
}

const chunks = new WeakMap<object, Chunk>();

/**
 * Validates a value against a schema of any depth with a validator that is only given schemas of at most
 * {@link compilableHeight} levels. A deep schema is cut where a sub-schema applies to a part of the value
 * (`properties`, `additionalProperties`, `items`, `prefixItems`) or to all of it (`allOf`), reached through
 * those only, in objects without `$ref`, `$id` or `unevaluated*`: the value is valid when the top (cut
 * sub-schemas read as `true`) accepts it and each cut sub-schema accepts each part it applies to; a deep
 * `not` is taken out and its answer negated. JSON Schema evaluates those keywords independently (no
 * annotation crosses them where nothing is `unevaluated*`), so the answer is ajv's. `undefined` when a part
 * that cannot be cut (`anyOf`, `oneOf`, `if`, `$ref`, …) is too deep.
 */
export function validateInChunks(
  schema: unknown,
  value: unknown,
  dialect: SchemaDialect,
  validate: (schema: unknown, value: unknown) => boolean | undefined,
): boolean | undefined {
  // One frame per conjunction being decided; a `not` cut opens a frame whose answer is negated.
  const frames: Frame[] = [{ work: [[schema, value]], undecided: false, negated: false, parent: undefined }];
  let answer: boolean | undefined;
  while (frames.length > 0) {
    const frame = frames.at(-1)!;
    const next = frame.work.pop();
    let result: boolean | undefined = next === undefined ? (frame.undecided ? undefined : true) : true;
    if (next !== undefined) {
      const [current, instance] = next;
      const chunk = jsonHeight(current) <= compilableHeight ? undefined : chunkOf(current, dialect);
      const top = chunk?.schema ?? current;
      const valid = jsonHeight(top) <= compilableHeight ? validate(top, instance) : undefined;
      if (valid === undefined) frame.undecided = true;
      if (valid !== false) {
        for (const cut of chunk?.cuts ?? [])
          for (const part of select(instance, cut.steps)) {
            if (cut.negated)
              frames.push({ work: [[cut.schema, part]], undecided: false, negated: true, parent: frame });
            else frame.work.push([cut.schema, part]);
          }
        continue;
      }
      result = false;
    }
    // The frame is decided: `false` at its first invalid part, otherwise once its work is done.
    frames.pop();
    const own = frame.negated && result !== undefined ? !result : result;
    const parent = frame.parent;
    if (parent === undefined) answer = own;
    else if (own === undefined) parent.undecided = true;
    else if (own === false) {
      parent.work.length = 0;
      parent.undecided = false;
      parent.work.push([false, null]);
    }
  }
  return answer;
}

/** A conjunction being decided: the (schema, value) pairs left, whether one was undecided, negated or not. */
interface Frame {
  work: [unknown, unknown][];
  undecided: boolean;
  negated: boolean;
  /** The frame the answer goes to (`undefined`: the answer of the whole validation). */
  parent: Frame | undefined;
}

function chunkOf(schema: unknown, dialect: SchemaDialect): Chunk {
  const cached = typeof schema === 'object' && schema !== null ? chunks.get(schema) : undefined;
  if (cached?.dialect === dialect) return cached;
  const cuts: Cut[] = [];
  const chunk = { dialect, schema: copy(schema, 0, [], cuts, dialect), cuts };
  if (typeof schema === 'object' && schema !== null) chunks.set(schema, chunk);
  return chunk;
}

const keptWhole = [
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  '$id',
  'id',
  'unevaluatedProperties',
  'unevaluatedItems',
];

/** A copy of the schema down to the cut depth (recursion bounded by {@link chunkHeight}); cuts are collected. */
function copy(schema: unknown, depth: number, steps: Step[], cuts: Cut[], dialect: SchemaDialect): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const s = schema as Record<string, unknown>;
  if (keptWhole.some((k) => k in s)) return schema;
  const at = (sub: unknown, added: number, step: Step): unknown => {
    const below = depth + added;
    if (below < chunkHeight) return copy(sub, below, [...steps, step], cuts, dialect);
    if (below + jsonHeight(sub) <= compilableHeight) return sub;
    cuts.push({ schema: sub, steps: [...steps, step] });
    return true;
  };
  const out: Record<string, unknown> = { ...s };
  const properties = plainObject(s.properties);
  if (properties) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [name, at(sub, 2, { kind: 'property', name })]),
    );
  }
  if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
    const patterns = Object.keys(plainObject(s.patternProperties) ?? {});
    const declared = new Set(Object.keys(properties ?? {}));
    out.additionalProperties = at(s.additionalProperties, 1, { kind: 'additional', declared, patterns });
  }
  const tuple = hasTupleItems(dialect) ? s.items : s.prefixItems;
  if (Array.isArray(tuple)) {
    out[hasTupleItems(dialect) ? 'items' : 'prefixItems'] = tuple.map((sub, index) =>
      at(sub, 2, { kind: 'index', index }),
    );
  }
  if (typeof s.items === 'object' && s.items !== null && !Array.isArray(s.items)) {
    const from = !hasTupleItems(dialect) && Array.isArray(s.prefixItems) ? s.prefixItems.length : 0;
    out.items = at(s.items, 1, { kind: 'items', from });
  }
  if (Array.isArray(s.allOf)) out.allOf = s.allOf.map((sub) => at(sub, 2, { kind: 'same' }));
  if (typeof s.not === 'object' && s.not !== null && depth + 1 + jsonHeight(s.not) > compilableHeight) {
    // `not` gives no annotations: its schema is validated on its own (a frame of its own), the answer negated.
    delete out.not;
    cuts.push({ schema: s.not, steps, negated: true });
  }
  return out;
}

/** The parts of a value a cut sub-schema applies to. */
function select(value: unknown, steps: readonly Step[]): unknown[] {
  let values = [value];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      const object = plainObject(v);
      switch (step.kind) {
        case 'same':
          next.push(v);
          break;
        case 'property':
          if (object && Object.hasOwn(object, step.name)) next.push(object[step.name]);
          break;
        case 'additional':
          for (const [name, part] of Object.entries(object ?? {}))
            if (!step.declared.has(name) && !step.patterns.some((p) => matchesPattern(p, name)))
              next.push(part);
          break;
        case 'items':
          if (Array.isArray(v)) next.push(...v.slice(step.from));
          break;
        case 'index':
          if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
          break;
      }
    }
    values = next;
  }
  return values;
}

function plainObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
