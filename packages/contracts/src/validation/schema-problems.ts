import { EventspecUsageError } from '@eventspec/core/internal';
import type { JsonSchema } from '../model/contract.js';
import { type AnyAjv, createDialectAjv } from './create-ajv.js';
import { referenceLoops } from './reference-loops.js';
import { dialectOf, type SchemaDialect } from './schema-dialect.js';
import { escapePointerToken, holdsOneSchema, holdsSchemaList, holdsSchemaMap } from './subschema-keywords.js';

/** One way a schema breaks its dialect's meta-schema: where (a JSON pointer inside the schema) and what. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

const metaValidators = new Map<SchemaDialect, AnyAjv>();
const checked = new WeakMap<object, SchemaProblem[]>();

/**
 * The problems of a schema against the meta-schema of its dialect (`$schema`, 2020-12 without one):
 * empty when it is a valid schema. The meta-schema of each dialect is compiled once per process.
 */
export function schemaProblems(schema: unknown): SchemaProblem[] {
  if (typeof schema === 'boolean') return [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return [{ pointer: '', message: `a schema is an object or a boolean, not ${describe(schema)}` }];
  const known = checked.get(schema);
  if (known !== undefined) return known;
  let dialect: SchemaDialect;
  try {
    dialect = dialectOf(schema);
  } catch (error) {
    return [{ pointer: '/$schema', message: (error as Error).message }];
  }
  let ajv = metaValidators.get(dialect);
  if (ajv === undefined) {
    ajv = createDialectAjv(dialect, undefined, { allErrors: true });
    metaValidators.set(dialect, ajv);
  }
  const problems: SchemaProblem[] = [];
  const pieces = depthOf(schema) > maxDirectDepth ? splitSchema(schema) : [{ pointer: '', schema }];
  for (const piece of pieces) {
    if (ajv.validateSchema(piece.schema as object)) continue;
    const seen = new Set<string>();
    for (const e of ajv.errors ?? []) {
      if (seen.has(e.instancePath)) continue;
      seen.add(e.instancePath);
      const allowed =
        e.params && 'allowedValues' in e.params
          ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
          : '';
      const tuple =
        dialect === '2020-12' && /\/items$/.test(e.instancePath)
          ? ' (an array of item schemas is the draft-07 tuple form: write prefixItems, or declare "$schema": "http://json-schema.org/draft-07/schema#")'
          : '';
      problems.push({
        pointer: `${piece.pointer}${e.instancePath}`,
        message: `not a valid JSON Schema ${dialect}: ${e.message}${allowed}${tuple}`,
      });
    }
  }
  // An `anyOf` in the meta-schema reports the place and, deeper, what is wrong in it: keep the deeper one.
  const specific = problems.filter(
    (p) => !problems.some((q) => q !== p && q.pointer.startsWith(`${p.pointer}/`)),
  );
  if (specific.length === 0)
    for (const loop of referenceLoops(schema))
      specific.push({
        pointer: loop.pointer,
        message: `not a valid JSON Schema ${dialect}: ${loop.message}`,
      });
  checked.set(schema, specific);
  return specific;
}

/** Past this nesting, ajv's meta-schema validator would overflow the stack: the schema is checked piece by piece. */
const maxDirectDepth = 200;

/** How deeply a JSON value nests (counted without recursion; scalars are not visited). */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [object, number][] = typeof value === 'object' && value !== null ? [[value, 1]] : [];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children)
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * A deep schema cut into shallow pieces, each subschema replaced by `{}` in its parent and checked on its
 * own (meta-schemas check every subschema alike), with the pointer where it sits.
 */
function splitSchema(schema: object): { pointer: string; schema: unknown }[] {
  const pieces: { pointer: string; schema: unknown }[] = [];
  const stack: { pointer: string; schema: unknown }[] = [{ pointer: '', schema }];
  while (stack.length > 0) {
    const { pointer, schema: current } = stack.pop()!;
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      pieces.push({ pointer, schema: current });
      continue;
    }
    const shallow: Record<string, unknown> = { ...current };
    const child = (at: string, sub: unknown): unknown => {
      if (typeof sub !== 'object' || sub === null || Array.isArray(sub)) return sub;
      stack.push({ pointer: at, schema: sub });
      return {};
    };
    for (const [k, v] of Object.entries(current)) {
      const at = `${pointer}/${escapePointerToken(k)}`;
      if (holdsSchemaList(k) && Array.isArray(v)) shallow[k] = v.map((sub, i) => child(`${at}/${i}`, sub));
      else if (holdsOneSchema(k)) shallow[k] = child(at, v);
      else if (holdsSchemaMap(k) && typeof v === 'object' && v !== null && !Array.isArray(v))
        shallow[k] = Object.fromEntries(
          Object.entries(v).map(([name, sub]) => [name, child(`${at}/${escapePointerToken(name)}`, sub)]),
        );
    }
    pieces.push({ pointer, schema: shallow });
  }
  return pieces;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/**
 * Throws `EVENTSPEC_SCHEMA_INVALID` naming the argument, the place inside the schema and what is wrong,
 * when a schema is not valid in its dialect.
 */
export function assertSchema(schema: unknown, argument: string, api: string): asserts schema is JsonSchema {
  const problems = schemaProblems(schema);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.pointer === '' ? '(the schema)' : p.pointer}: ${p.message}`);
  throw new EventspecUsageError(
    'EVENTSPEC_SCHEMA_INVALID',
    `${api}: ${argument} is not a valid JSON Schema, so no verdict can be given:\n${lines.join('\n')}\nFix the schema (or its $schema), then check again.`,
    { actual: problems, expected: [] },
  );
}
