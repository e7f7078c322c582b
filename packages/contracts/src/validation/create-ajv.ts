import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Options } from 'ajv/dist/core.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../model/contract.js';
import { dialectOf, dialectUris, type SchemaDialect } from './schema-dialect.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
export const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Shared schemas (by `$id`) that contract schemas may `$ref`. */
export type SchemaLibrary = ReadonlyMap<string, JsonSchema>;

/** An ajv instance of any dialect (they share ajv's core API). */
export type AnyAjv = Ajv2020;

const require = createRequire(import.meta.url);
type AjvClass = new (options: Options) => AnyAjv;

/** The ajv class of each dialect, loaded on first use (a 2020-12-only run loads no other). */
function ajvClass(dialect: SchemaDialect): AjvClass {
  switch (dialect) {
    case '2020-12':
      return Ajv2020 as unknown as AjvClass;
    case '2019-09':
      return (require('ajv/dist/2019.js') as { Ajv2019: AjvClass }).Ajv2019;
    case 'draft-04': {
      const module = require('ajv-draft-04') as { default?: AjvClass } & AjvClass;
      return module.default ?? module;
    }
    default:
      return (require('ajv') as { Ajv: AjvClass }).Ajv;
  }
}

/** A new ajv for one dialect: formats asserted, unknown keywords ignored, the library's schemas added. */
export function createDialectAjv(
  dialect: SchemaDialect,
  library: SchemaLibrary = noLibrary,
  options: Options = {},
): AnyAjv {
  const Class = ajvClass(dialect);
  const ajv = new Class({ strict: false, validateFormats: true, ...options });
  if (dialect === 'draft-06') ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv);
  for (const [id, schema] of library) {
    if (ajv.getSchema(id) || typeof schema !== 'object') continue;
    const own = (schema as { $schema?: unknown }).$schema;
    const { $schema: _drop, ...rest } = schema as Record<string, unknown>;
    // A library schema of another dialect is read in this one: keeping its $schema would make ajv refuse it.
    ajv.addSchema(own === undefined || own === dialectUris[dialect] ? schema : rest, id);
  }
  return ajv;
}

/** An ajv instance for JSON Schema 2020-12 with formats asserted, every error reported. */
export function createAjv(library: SchemaLibrary = noLibrary): Ajv2020 {
  return createDialectAjv('2020-12', library, { allErrors: true, verbose: true }) as unknown as Ajv2020;
}

const noLibrary: SchemaLibrary = new Map();

/** One ajv per library and dialect, created on first use. */
function perDialect(options: Options): (library: SchemaLibrary, dialect: SchemaDialect) => AnyAjv {
  const cache = new WeakMap<SchemaLibrary, Map<SchemaDialect, AnyAjv>>();
  return (library, dialect) => {
    let byDialect = cache.get(library);
    if (byDialect === undefined) {
      byDialect = new Map();
      cache.set(library, byDialect);
    }
    let ajv = byDialect.get(dialect);
    if (ajv === undefined) {
      ajv = createDialectAjv(dialect, library, options);
      byDialect.set(dialect, ajv);
    }
    return ajv;
  };
}

// Schemas reach these instances checked (`schemaProblems`, one meta-schema compile per dialect and
// process): each instance compiling the meta-schema again was most of a cold run's time.
const full = perDialect({ allErrors: true, verbose: true, validateSchema: false });
const lean = perDialect({ allErrors: false, messages: false, validateSchema: false });

/** One ajv per schema library (2020-12), reused across checks (ajv caches what it compiles). */
export function sharedAjv(library: SchemaLibrary = noLibrary): Ajv2020 {
  return full(library, '2020-12') as unknown as Ajv2020;
}

/**
 * An ajv for yes/no answers (the compatibility checker): stops at the first error and builds no messages,
 * so it compiles and runs faster. One per library and dialect.
 */
export function leanAjv(library: SchemaLibrary = noLibrary, dialect: SchemaDialect = '2020-12'): AnyAjv {
  return lean(library, dialect);
}

/** The shared ajv (every error reported) that validates messages against this schema, in its own dialect. */
export function ajvForSchema(schema: JsonSchema, library: SchemaLibrary = noLibrary): AnyAjv {
  return full(library, dialectOf(schema));
}
