// Independent validators for the tests: a fresh ajv of each dialect's own class (not the checker's).
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../../../src/index.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const Ajv04 = ((Ajv04Module as { default?: unknown }).default ?? Ajv04Module) as typeof Ajv;
const require = createRequire(import.meta.url);

export const D4 = 'http://json-schema.org/draft-04/schema#';
export const D6 = 'http://json-schema.org/draft-06/schema#';
export const D7 = 'http://json-schema.org/draft-07/schema#';
export const D19 = 'https://json-schema.org/draft/2019-09/schema';
export const D20 = 'https://json-schema.org/draft/2020-12/schema';
export const dialectUris = [D4, D6, D7, D19, D20] as const;

function make(uri: string): Ajv {
  // allErrors: ajv's one-error code nests one block per property and overflows on 1,500 properties.
  const options = { strict: false, validateFormats: true, allErrors: true };
  const ajv =
    uri === D4
      ? new Ajv04(options)
      : uri === D19
        ? (new Ajv2019(options) as unknown as Ajv)
        : uri === D20
          ? (new Ajv2020(options) as unknown as Ajv)
          : new Ajv(options);
  if (uri === D6) ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv as never);
  return ajv;
}

const instances = new Map<string, Ajv>();
const compiled = new WeakMap<object, (v: unknown) => boolean>();

/** Whether ajv, in the schema's own dialect (`$schema`, 2020-12 without one), accepts a value. */
export function validIn(schema: JsonSchema, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const uri = typeof schema.$schema === 'string' ? schema.$schema : D20;
    let ajv = instances.get(uri);
    if (ajv === undefined) {
      ajv = make(uri);
      instances.set(uri, ajv);
    }
    const { $id: _id, ...rest } = schema;
    const fn = ajv.compile(rest);
    validate = (v) => fn(v) as boolean;
    compiled.set(schema, validate);
  }
  return validate(value);
}
