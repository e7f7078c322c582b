// The examples docs/contracts.md shows for dialects (cut from the regions below).
import { expect, test } from 'vitest';
import { checkCompatibility, type JsonSchema } from '../../../src/index.js';

test('a draft-07 tuple is read as draft-07, and compared with its 2020-12 rewrite', () => {
  // #region dialects
  const v1: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      location: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] },
      card: { type: 'string' },
    },
    dependencies: { card: ['billingAddress'] },
  };
  const v2: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      location: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      card: { type: 'string' },
    },
    dependentRequired: { card: ['billingAddress'] },
  };
  expect(checkCompatibility(v1, v2, 'FORWARD').verdict).toBe('compatible');
  const backward = checkCompatibility(v1, v2, 'BACKWARD');
  // draft-07 `items: [...]` without `additionalItems` leaves a third position open; v2 closes it.
  expect(backward.breaks.map((b) => [b.path, b.rule, b.counterexample])).toMatchInlineSnapshot(`
    [
      [
        "location[2]",
        "type-narrowed",
        {
          "location": [
            0,
            0,
            null,
          ],
        },
      ],
    ]
  `);
  // #endregion dialects
});

test('a schema that is not valid in its own dialect gets no verdict', () => {
  // #region invalid-schema
  const tuple2020 = { type: 'array', items: [{ type: 'number' }] } as JsonSchema;
  expect(() =>
    checkCompatibility(tuple2020, { type: 'array' }, 'BACKWARD'),
  ).toThrowErrorMatchingInlineSnapshot(`
    [EventspecUsageError: checkCompatibility: oldSchema is not a valid JSON Schema, so no verdict can be given:
      - /items: not a valid JSON Schema 2020-12: must be object,boolean (an array of item schemas is the draft-07 tuple form: write prefixItems, or declare "$schema": "http://json-schema.org/draft-07/schema#")
    Fix the schema (or its $schema), then check again.]
  `);
  // #endregion invalid-schema
});
