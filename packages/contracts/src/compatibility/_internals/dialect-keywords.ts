import { dialectOf, hasTupleItems, ignoredIn, type SchemaDialect } from '../../validation/schema-dialect.js';

/**
 * A schema object's keywords read in its dialect and renamed to their 2020-12 meaning, so the checker has
 * one model for every draft: draft-04 boolean `exclusiveMaximum`, tuple `items` arrays and
 * `additionalItems`, `dependencies` (both forms); keywords ajv ignores in the dialect are dropped.
 */
export interface DialectKeywords {
  dialect: SchemaDialect;
  /** The keywords with their 2020-12 names. */
  keywords: Record<string, unknown>;
  /** `dependentRequired` and the list form of `dependencies`. */
  dependentRequired: [string, string[]][];
  /** `dependentSchemas` and the schema form of `dependencies`. */
  dependentSchemas: [string, unknown][];
}

const cache = new WeakMap<object, Map<SchemaDialect, DialectKeywords>>();

/** The dialect of a document; a `$schema` eventspec does not know reads as 2020-12 (inputs are checked before). */
export function dialectOfRoot(root: unknown): SchemaDialect {
  try {
    return dialectOf(root);
  } catch {
    return '2020-12';
  }
}

/** Reads a schema object's keywords in a dialect (cached per object and dialect). */
export function dialectKeywords(schema: Record<string, unknown>, dialect: SchemaDialect): DialectKeywords {
  let byDialect = cache.get(schema);
  if (byDialect === undefined) {
    byDialect = new Map();
    cache.set(schema, byDialect);
  }
  let read = byDialect.get(dialect);
  if (read === undefined) {
    read = readKeywords(schema, dialect);
    byDialect.set(dialect, read);
  }
  return read;
}

function readKeywords(schema: Record<string, unknown>, dialect: SchemaDialect): DialectKeywords {
  const keywords: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (!ignoredIn(dialect, k)) keywords[k] = v;
  if (hasTupleItems(dialect)) {
    delete keywords.prefixItems;
    delete keywords.additionalItems;
    if (Array.isArray(schema.items)) {
      keywords.prefixItems = schema.items;
      if (schema.additionalItems !== undefined) keywords.items = schema.additionalItems;
      else delete keywords.items;
    }
  }
  if (dialect === 'draft-04') {
    for (const [bound, exclusive] of [
      ['maximum', 'exclusiveMaximum'],
      ['minimum', 'exclusiveMinimum'],
    ] as const) {
      const flag = schema[exclusive];
      delete keywords[exclusive];
      if (flag === true && typeof schema[bound] === 'number') {
        keywords[exclusive] = schema[bound];
        delete keywords[bound];
      }
    }
  }
  const dependentRequired: [string, string[]][] = [];
  const dependentSchemas: [string, unknown][] = [];
  const entries = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  for (const [name, value] of entries(keywords.dependencies)) {
    if (Array.isArray(value)) dependentRequired.push([name, value.map(String)]);
    else dependentSchemas.push([name, value]);
  }
  for (const [name, value] of entries(keywords.dependentRequired))
    if (Array.isArray(value)) dependentRequired.push([name, value.map(String)]);
  for (const [name, value] of entries(keywords.dependentSchemas)) dependentSchemas.push([name, value]);
  delete keywords.dependencies;
  delete keywords.dependentRequired;
  delete keywords.dependentSchemas;
  if (dialect !== '2019-09' && dialect !== '2020-12') {
    delete keywords.minContains;
    delete keywords.maxContains;
  }
  return { dialect, keywords, dependentRequired, dependentSchemas };
}
