import type { ValidateFunction } from 'ajv/dist/core.js';
import type { JsonSchema } from '../model/contract.js';
import { type AnyAjv, ajvForSchema, type SchemaLibrary } from './create-ajv.js';
import { assertSchema } from './schema-problems.js';

const noLibrary: SchemaLibrary = new Map();
const compiled = new WeakMap<AnyAjv, WeakMap<object, ValidateFunction>>();

/**
 * Compiles a schema in the dialect its `$schema` names (2020-12 without one), every error reported, the
 * library's schemas resolvable; compiled once per schema object and library.
 * @example
 * const validate = compileSchema(contract.data, registry.library);
 * if (!validate(message.data)) console.log(validate.errors);
 */
export function compileSchema(schema: JsonSchema, library: SchemaLibrary = noLibrary): ValidateFunction {
  const object: object = schema === true ? {} : schema === false ? { not: {} } : schema;
  const ajv = ajvForSchema(object as JsonSchema, library);
  let bySchema = compiled.get(ajv);
  if (bySchema === undefined) {
    bySchema = new WeakMap();
    compiled.set(ajv, bySchema);
  }
  let validate = bySchema.get(object);
  if (validate === undefined) {
    assertSchema(object, 'the schema', 'compileSchema');
    try {
      validate = ajv.compile(object);
    } catch (error) {
      // Two versions of a contract often share an `$id`: ajv keeps one schema per id.
      if (!/already exists/.test((error as Error).message)) throw error;
      const { $id: _id, ...rest } = object as Record<string, unknown>;
      validate = ajv.compile(rest);
    }
    bySchema.set(object, validate);
  }
  return validate as ValidateFunction;
}
