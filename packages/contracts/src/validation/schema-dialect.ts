import { EventspecUsageError } from '@eventspec/core/internal';
import type { JsonSchema } from '../model/contract.js';

/** A JSON Schema dialect, named by its draft. A schema without `$schema` is `2020-12`. */
export type SchemaDialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/** Every dialect eventspec validates and compares, oldest first. */
export const schemaDialects: readonly SchemaDialect[] = [
  'draft-04',
  'draft-06',
  'draft-07',
  '2019-09',
  '2020-12',
];

/** The `$schema` URI each dialect is declared with. */
export const dialectUris: Readonly<Record<SchemaDialect, string>> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

const byUri = new Map<string, SchemaDialect>(
  Object.entries(dialectUris).map(([dialect, uri]) => [canonicalUri(uri), dialect as SchemaDialect]),
);

function canonicalUri(uri: string): string {
  return uri
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/#$/, '')
    .replace(/\/$/, '');
}

/** The dialect a `$schema` value names, or `undefined` when eventspec does not know it. */
export function dialectOfUri(uri: string): SchemaDialect | undefined {
  return byUri.get(canonicalUri(uri));
}

const dialects = new WeakMap<object, SchemaDialect>();

/**
 * The dialect of a schema document: its `$schema`, `2020-12` when it has none. Throws a usage error
 * naming the supported URIs for a `$schema` eventspec does not know.
 */
export function dialectOf(schema: JsonSchema | unknown): SchemaDialect {
  if (typeof schema !== 'object' || schema === null) return '2020-12';
  const known = dialects.get(schema);
  if (known !== undefined) return known;
  const uri = (schema as { $schema?: unknown }).$schema;
  let dialect: SchemaDialect | undefined = '2020-12';
  if (uri !== undefined) {
    dialect = typeof uri === 'string' ? dialectOfUri(uri) : undefined;
    if (dialect === undefined) {
      throw new EventspecUsageError(
        'EVENTSPEC_SCHEMA_DIALECT_UNKNOWN',
        `$schema ${JSON.stringify(uri)} names no JSON Schema dialect eventspec supports. Use one of: ${Object.values(dialectUris).join(', ')} (or leave $schema out for 2020-12).`,
        { actual: uri, expected: Object.values(dialectUris) },
      );
    }
  }
  dialects.set(schema, dialect);
  return dialect;
}

/** Keywords ajv ignores in a dialect (they belong to another draft): they constrain nothing there. */
const ignoredKeywords: Readonly<Record<SchemaDialect, ReadonlySet<string>>> = (() => {
  const beforeNext = [
    'prefixItems',
    'dependentRequired',
    'dependentSchemas',
    'minContains',
    'maxContains',
    'unevaluatedProperties',
    'unevaluatedItems',
    '$dynamicRef',
    '$recursiveRef',
  ];
  return {
    'draft-04': new Set(beforeNext),
    'draft-06': new Set(beforeNext),
    'draft-07': new Set(beforeNext),
    '2019-09': new Set(['prefixItems', '$dynamicRef']),
    '2020-12': new Set(['additionalItems', '$recursiveRef']),
  };
})();

/** Whether ajv ignores a keyword in a dialect. */
export function ignoredIn(dialect: SchemaDialect, keyword: string): boolean {
  return ignoredKeywords[dialect].has(keyword);
}

/** Whether `items` may be an array of schemas (a tuple) in a dialect. */
export function hasTupleItems(dialect: SchemaDialect): boolean {
  return dialect !== '2020-12';
}
