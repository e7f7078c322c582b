// A payload's schemaFormat names its JSON Schema dialect when the payload has no $schema of its own:
// `application/schema+json;version=draft-07` means draft-07, where tuples and `dependencies` mean something
// else than in 2020-12 (the dialect of a schema that says nothing).
import { expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000 });

import { asyncApiFromText } from '../../src/asyncapi/index.js';
import { type ContractRegistry, checkCompatibility, formatViolation } from '../../src/index.js';

const draft07 = 'application/schema+json;version=draft-07';
const located = `
            type: object
            properties:
              at: { type: array, items: [ { type: number }, { type: number } ], additionalItems: false }
              source: { type: string }
            dependencies: { at: [source] }`;
/** AsyncAPI 2.6: the format is on the message. */
const v26 = (format: string | undefined, payload = located) => `asyncapi: 2.6.0
info: { title: Fleet, version: 1.0.0 }
channels:
  vehicles.located:
    subscribe:
      message:
        name: Located${format === undefined ? '' : `\n        schemaFormat: '${format}'`}
        payload:${payload.replaceAll('\n  ', '\n')}
`;
/** AsyncAPI 3.0: the format is on the payload (a multi-format schema object). */
const v30 = (format: string, payload = located) => `asyncapi: 3.0.0
info: { title: Fleet, version: 1.0.0 }
channels:
  located:
    address: vehicles.located
    messages:
      Located:
        name: Located
        payload:
          schemaFormat: '${format}'
          schema:${payload}
`;
const problems = (registry: ContractRegistry, data: unknown) =>
  registry.validate({ channel: 'vehicles.located', data }, 'Located@1').violations.map(formatViolation);

// #region asyncapi-schema-format
test.each([
  ['2.6, schemaFormat on the message', v26(draft07)],
  ['3.0, schemaFormat on the payload', v30(draft07)],
])(
  '%s: version=draft-07 reads the payload as draft-07 (tuple, additionalItems, dependencies)',
  async (_, text) => {
    const registry = await asyncApiFromText(text, 'fleet.yaml');
    expect((registry.get('Located@1').data as { $schema?: string }).$schema).toBe(
      'http://json-schema.org/draft-07/schema#',
    );
    expect(problems(registry, { at: [1.5, 2.5], source: 'gps' })).toEqual([]);
    expect([
      problems(registry, { at: [1.5, 2.5, 3.5], source: 'gps' }),
      problems(registry, { at: [1.5, 'north'], source: 'gps' }),
      problems(registry, { at: [1.5, 2.5] }),
    ]).toMatchInlineSnapshot(`
    [
      [
        "data.at: expected a value that must NOT have more than 2 items, got [1.5, 2.5, 3.5]",
      ],
      [
        "data.at[1]: expected a number, got "north"",
      ],
      [
        "data: expected a value that must have property source when property at is present, got { at: [1.5, 2.5] }",
      ],
    ]
  `);
  },
);

// #endregion asyncapi-schema-format

test('without a schemaFormat the same payload is 2020-12, where a list of item schemas is no schema: refused with its place', async () => {
  await expect(asyncApiFromText(v26(undefined), 'fleet.yaml')).rejects.toThrowErrorMatchingInlineSnapshot(`
    [ContractInputError: The contracts cannot be loaded (1 problem):
      - fleet.yaml at /channels/vehicles.located/subscribe/message/payload/properties/at/items: not a valid JSON Schema 2020-12: must be object,boolean
    Fix the files above; nothing was checked.]
  `);
});

test('an AsyncAPI schema format names no JSON Schema version: the 2020-12 default stays', async () => {
  const open = `
            type: object
            properties: { source: { type: string } }
            dependentRequired: { source: [at] }`;
  const registry = await asyncApiFromText(
    v26('application/vnd.aai.asyncapi+json;version=2.6.0', open),
    'fleet.yaml',
  );
  expect((registry.get('Located@1').data as { $schema?: string }).$schema).toBeUndefined();
  expect(problems(registry, { source: 'gps' })).toMatchInlineSnapshot(`
    [
      "data: expected a value that must have property at when property source is present, got { source: "gps" }",
    ]
  `);
});

test("the payload's own $schema wins over the format's version", async () => {
  const own = `
            $schema: 'https://json-schema.org/draft/2020-12/schema'
            type: object
            properties: { at: { type: array, prefixItems: [ { type: number } ], items: false } }`;
  const registry = await asyncApiFromText(v30(draft07, own), 'fleet.yaml');
  expect((registry.get('Located@1').data as { $schema?: string }).$schema).toBe(
    'https://json-schema.org/draft/2020-12/schema',
  );
  expect(problems(registry, { at: [1, 2] })).toMatchInlineSnapshot(`
    [
      "data.at: expected a value that must NOT have more than 1 items, got [1, 2]",
    ]
  `);
});

test('a JSON Schema version eventspec does not know is refused at the format, not read as another dialect', async () => {
  await expect(
    asyncApiFromText(v26('application/schema+json;version=draft-99'), 'fleet.yaml'),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`
    [ContractInputError: The contracts cannot be loaded (1 problem):
      - fleet.yaml:8:23: message "Located@1": the payload's schema format "application/schema+json;version=draft-99" names a JSON Schema version eventspec does not know; write version=draft-04, draft-06, draft-07, 2019-09 or 2020-12 (or declare "$schema" in the payload)
    Fix the files above; nothing was checked.]
  `);
});

test('draft-07 tuples decide compatibility: closing the third position breaks a message v1 allowed', async () => {
  const open = `
            type: object
            properties: { at: { type: array, items: [ { type: number }, { type: number } ] } }`;
  const closed = `
            type: object
            properties: { at: { type: array, items: [ { type: number }, { type: number } ], additionalItems: false } }`;
  const v1 = (await asyncApiFromText(v30(draft07, open), 'v1.yaml')).get('Located@1');
  const v2 = (await asyncApiFromText(v30(draft07, closed), 'v2.yaml')).get('Located@1');
  const result = checkCompatibility(v1.data, v2.data, 'BACKWARD');
  expect({
    verdict: result.verdict,
    breaks: result.breaks.map(({ path, rule, message, counterexample }) => ({
      path,
      rule,
      message,
      counterexample,
    })),
  }).toMatchInlineSnapshot(`
    {
      "breaks": [
        {
          "counterexample": {
            "at": [
              0,
              0,
              null,
            ],
          },
          "message": "null, boolean, integer, number, string, array, object values are rejected",
          "path": "at[2]",
          "rule": "type-narrowed",
        },
      ],
      "verdict": "incompatible",
    }
  `);
  // Read as 2020-12 (the old reading), the v1 document was no contract at all: `items` must be a schema there.
});
