import { EventspecUsageError } from '../../errors/eventspec-error.js';
import type { JsonSchema } from '../model/contract.js';
import { type AnyAjv, createDialectAjv } from './create-ajv.js';
import { dialectOf, type SchemaDialect } from './schema-dialect.js';

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
  if (!ajv.validateSchema(schema as object)) {
    const seen = new Set<string>();
    for (const e of ajv.errors ?? []) {
      if (seen.has(e.instancePath)) continue;
      seen.add(e.instancePath);
      const allowed =
        e.params && 'allowedValues' in e.params
          ? ` (${(e.params.allowedValues as unknown[]).join(', ')})`
          : '';
      problems.push({
        pointer: e.instancePath,
        message: `not a valid JSON Schema ${dialect}: ${e.message}${allowed}`,
      });
    }
  }
  checked.set(schema, problems);
  return problems;
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
