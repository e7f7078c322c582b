import { expect, test } from 'vitest';
import { checkCompatibility, checkHistory, type JsonSchema } from '../../src/index.js';
import { D7 } from './dialects/dialect-ajv.js';

/** The code and message of what a call throws (it must throw). */
function thrown(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    const e = error as Error & { code?: string };
    return `${e.name} ${e.code}: ${e.message}`;
  }
  throw new Error('expected the call to throw');
}

test('an unknown or missing mode is refused with the list of modes, never "compatible"', () => {
  expect(thrown(() => checkCompatibility({}, {}, 'BOGUS' as never))).toMatchInlineSnapshot(
    `"EventspecUsageError EVENTSPEC_COMPATIBILITY_MODE_UNKNOWN: checkCompatibility: "BOGUS" is not a compatibility mode. Pass one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE."`,
  );
  expect(
    thrown(() => (checkCompatibility as (a: unknown, b: unknown) => unknown)({}, {})),
  ).toMatchInlineSnapshot(
    `"EventspecUsageError EVENTSPEC_COMPATIBILITY_MODE_UNKNOWN: checkCompatibility: no compatibility mode was given. Pass one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE."`,
  );
});

test('undefined, null and non-object schemas are refused with a coded error, not a TypeError', () => {
  expect(
    thrown(() => checkCompatibility(undefined as never, undefined as never, 'BACKWARD')),
  ).toMatchInlineSnapshot(`
    "EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkCompatibility: oldSchema is not a valid JSON Schema, so no verdict can be given:
      - (the schema): a schema is an object or a boolean, not undefined
    Fix the schema (or its $schema), then check again."
  `);
  expect(thrown(() => checkCompatibility({}, 'string' as never, 'FULL'))).toMatchInlineSnapshot(`
    "EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkCompatibility: newSchema is not a valid JSON Schema, so no verdict can be given:
      - (the schema): a schema is an object or a boolean, not a string ("string")
    Fix the schema (or its $schema), then check again."
  `);
  expect(thrown(() => checkHistory(null as never, 'BACKWARD'))).toMatchInlineSnapshot(
    `"EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkHistory: history must be an array of schemas, not null."`,
  );
});

test('a schema invalid in its own dialect is refused with the place inside it and what is wrong', () => {
  const tuple = {
    $schema: D7,
    type: 'object',
    properties: { at: { type: 'array', items: [{ type: 'float' }] } },
  };
  expect(thrown(() => checkCompatibility(tuple as JsonSchema, {}, 'BACKWARD'))).toMatchInlineSnapshot(`
    "EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkCompatibility: oldSchema is not a valid JSON Schema, so no verdict can be given:
      - /properties/at/items/0/type: not a valid JSON Schema draft-07: must be equal to one of the allowed values (array, boolean, integer, null, number, object, string)
    Fix the schema (or its $schema), then check again."
  `);
  const later = { type: 'array', items: [{ type: 'string' }] };
  expect(thrown(() => checkCompatibility({}, later as JsonSchema, 'BACKWARD'))).toMatchInlineSnapshot(`
    "EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkCompatibility: newSchema is not a valid JSON Schema, so no verdict can be given:
      - /items: not a valid JSON Schema 2020-12: must be object,boolean (an array of item schemas is the draft-07 tuple form: write prefixItems, or declare "$schema": "http://json-schema.org/draft-07/schema#")
    Fix the schema (or its $schema), then check again."
  `);
  const unknownDialect = { $schema: 'http://json-schema.org/draft-03/schema#', type: 'object' };
  expect(
    thrown(() => checkCompatibility(unknownDialect as JsonSchema, {}, 'BACKWARD')),
  ).toMatchInlineSnapshot(`
    "EventspecUsageError EVENTSPEC_SCHEMA_INVALID: checkCompatibility: oldSchema is not a valid JSON Schema, so no verdict can be given:
      - /$schema: $schema "http://json-schema.org/draft-03/schema#" names no JSON Schema dialect eventspec supports. Use one of: http://json-schema.org/draft-04/schema#, http://json-schema.org/draft-06/schema#, http://json-schema.org/draft-07/schema#, https://json-schema.org/draft/2019-09/schema, https://json-schema.org/draft/2020-12/schema (or leave $schema out for 2020-12).
    Fix the schema (or its $schema), then check again."
  `);
});

test('misspelled options and libraries that are not maps are refused with the known options', () => {
  expect(
    thrown(() => checkCompatibility({}, {}, 'BACKWARD', { libary: new Map() } as never)),
  ).toMatchInlineSnapshot(
    `"EventspecUsageError EVENTSPEC_COMPATIBILITY_OPTIONS_INVALID: checkCompatibility: unknown option "libary". Known options: library, oldLibrary, newLibrary."`,
  );
  expect(
    thrown(() => checkCompatibility({}, {}, 'BACKWARD', { library: {} } as never)),
  ).toMatchInlineSnapshot(
    `"EventspecUsageError EVENTSPEC_COMPATIBILITY_OPTIONS_INVALID: checkCompatibility: "library" must be a Map of $id → schema. Known options: library, oldLibrary, newLibrary."`,
  );
});
