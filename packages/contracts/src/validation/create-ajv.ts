import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../model/contract.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
export const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Shared schemas (by `$id`) that contract schemas may `$ref`. */
export type SchemaLibrary = ReadonlyMap<string, JsonSchema>;

/** An ajv instance for JSON Schema 2020-12 with formats asserted, every error reported. */
export function createAjv(library: SchemaLibrary = new Map()): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true, verbose: true });
  addFormats(ajv);
  for (const [id, schema] of library) {
    if (!ajv.getSchema(id)) ajv.addSchema(schema as object, id);
  }
  return ajv;
}

const shared = new WeakMap<SchemaLibrary, Ajv2020>();
const noLibrary: SchemaLibrary = new Map();

/** One ajv per schema library, reused across checks (ajv caches what it compiles). */
export function sharedAjv(library: SchemaLibrary = noLibrary): Ajv2020 {
  let ajv = shared.get(library);
  if (ajv === undefined) {
    ajv = createAjv(library);
    shared.set(library, ajv);
  }
  return ajv;
}

const lean = new WeakMap<SchemaLibrary, Ajv2020>();

/**
 * An ajv for yes/no answers (the compatibility checker): stops at the first error and builds no messages,
 * so it compiles and runs faster. One per library.
 */
export function leanAjv(library: SchemaLibrary = noLibrary): Ajv2020 {
  let ajv = lean.get(library);
  if (ajv === undefined) {
    ajv = new Ajv2020({ allErrors: false, messages: false, strict: false, validateFormats: true });
    addFormats(ajv);
    for (const [id, schema] of library) if (!ajv.getSchema(id)) ajv.addSchema(schema as object, id);
    lean.set(library, ajv);
  }
  return ajv;
}
