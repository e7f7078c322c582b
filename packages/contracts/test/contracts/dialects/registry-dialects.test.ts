// Validation in each contract's own dialect: the registry, the loaders' schema checks, the matcher, the
// generated-message check and captureProduced read `$schema` as checkCompatibility does.
import { InMemoryTopicBroker } from '@eventspec/core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { asyncApiFromText } from '../../../src/asyncapi/index.js';
import {
  type ContractRegistry,
  captureProduced,
  contractsFromFiles,
  type JsonSchema,
} from '../../../src/index.js';
import { contractMatchers } from '../../../src/vitest/index.js';
import { D4, D7, validIn } from './dialect-ajv.js';

expect.extend(contractMatchers);

const located: JsonSchema = {
  $schema: D7,
  type: 'object',
  required: ['location'],
  properties: {
    location: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false },
    card: { type: 'string' },
    billingAddress: { type: 'string' },
  },
  dependencies: { card: ['billingAddress'], billingAddress: { required: ['location'] } },
};
const charged: JsonSchema = {
  $schema: D4,
  type: 'object',
  required: ['amount'],
  properties: { amount: { type: 'number', minimum: 0, maximum: 100, exclusiveMaximum: true } },
};
const placed: JsonSchema = {
  type: 'object',
  required: ['orderId'],
  properties: { orderId: { type: 'string' } },
};

const bodies: Record<string, unknown[]> = {
  'Located@1': [
    { location: [1, 2] },
    { location: [1] },
    { location: [1, 2, 3] },
    { location: ['a', 2] },
    { location: [1, 2], card: '4111' },
    { location: [1, 2], card: '4111', billingAddress: 'Main St' },
    { location: 'here' },
    {},
  ],
  'Charged@1': [{ amount: 0 }, { amount: 99.5 }, { amount: 100 }, { amount: 101 }, { amount: -1 }, {}],
  'Placed@1': [{ orderId: 'o-1' }, { orderId: 1 }],
};
const schemas: Record<string, JsonSchema> = {
  'Located@1': located,
  'Charged@1': charged,
  'Placed@1': placed,
};

const file = (type: string, data: JsonSchema) => ({
  path: `${type}.contract.json`,
  text: JSON.stringify({ type, version: 1, channel: { topic: type.toLowerCase() }, data }),
});
const fromFiles = (): ContractRegistry =>
  contractsFromFiles([file('Located', located), file('Charged', charged), file('Placed', placed)]);

test('a registry of draft-07, draft-04 and 2020-12 contracts judges each message as its dialect does', () => {
  const registry = fromFiles();
  const verdicts = Object.entries(bodies).flatMap(([id, list]) =>
    list.map((body) => {
      const ours = registry.validate({ data: body }, id).ok;
      expect(ours, `${id} ${JSON.stringify(body)}`).toBe(validIn(schemas[id]!, body));
      return `${id} ${JSON.stringify(body)} ${ours ? 'valid' : 'invalid'}`;
    }),
  );
  // Both answers occur for each dialect, so the comparison above cannot pass by accepting everything.
  expect(verdicts).toMatchInlineSnapshot(`
    [
      "Located@1 {"location":[1,2]} valid",
      "Located@1 {"location":[1]} valid",
      "Located@1 {"location":[1,2,3]} invalid",
      "Located@1 {"location":["a",2]} invalid",
      "Located@1 {"location":[1,2],"card":"4111"} invalid",
      "Located@1 {"location":[1,2],"card":"4111","billingAddress":"Main St"} valid",
      "Located@1 {"location":"here"} invalid",
      "Located@1 {} invalid",
      "Charged@1 {"amount":0} valid",
      "Charged@1 {"amount":99.5} valid",
      "Charged@1 {"amount":100} invalid",
      "Charged@1 {"amount":101} invalid",
      "Charged@1 {"amount":-1} invalid",
      "Charged@1 {} invalid",
      "Placed@1 {"orderId":"o-1"} valid",
      "Placed@1 {"orderId":1} invalid",
    ]
  `);
});

test('violations of draft-07 tuples and dependencies, and of a draft-04 boolean exclusiveMaximum, say what and where', () => {
  // #region validate-dialects
  const registry = contractsFromFiles([
    file('Located', located),
    file('Charged', charged),
    file('Placed', placed),
  ]);
  expect(() =>
    registry.assertValid({ data: { location: [1, 'b', 3], card: '4111' } }, 'Located@1'),
  ).toThrowErrorMatchingInlineSnapshot(`
    [ContractViolationError: The message does not satisfy contract Located@1 (3 problems):
      - data: expected a value that must have property billingAddress when property card is present, got { location: [1, "b", 3], card: "4111" }
      - data.location: expected a value that must NOT have more than 2 items, got [1, "b", 3]
      - data.location[1]: expected a number, got "b"
    Change the producer to send what Located@1 describes, or publish a new contract version.]
  `);
  expect(() =>
    registry.assertValid({ data: { amount: 100 } }, 'Charged@1'),
  ).toThrowErrorMatchingInlineSnapshot(`
    [ContractViolationError: The message does not satisfy contract Charged@1 (1 problem):
      - data.amount: expected a number < 100, got 100
    Change the producer to send what Charged@1 describes, or publish a new contract version.]
  `);
  expect(() =>
    expect({ data: { location: [1, 2, 3] } }).toSatisfyContract('Located@1', registry),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: The message does not satisfy contract Located@1 (1 problem):
      - data.location: expected a value that must NOT have more than 2 items, got [1, 2, 3]
    Change the producer to send what Located@1 describes, or publish a new contract version.]
  `);
  expect({ data: { amount: 99.99 } }).toSatisfyContract('Charged@1', registry);
  // #endregion validate-dialects
});

test('generated messages are checked in the contract dialect, and satisfy it', () => {
  const registry = fromFiles();
  for (const id of ['Located@1', 'Charged@1']) {
    fc.assert(
      fc.property(registry.arbitrary(id), (message) => {
        expect(validIn(schemas[id]!, message.data)).toBe(true);
      }),
      { seed: 42, numRuns: 100 },
    );
  }
});

test('captureProduced checks produced messages in their contract dialect', async () => {
  const registry = fromFiles();
  const capture = captureProduced(new InMemoryTopicBroker());
  await capture.broker.publish('charged', [
    { id: 'm-1', type: 'Charged', key: 'c-1', data: { amount: 99 } },
    { id: 'm-2', type: 'Charged', key: 'c-2', data: { amount: 100 } },
  ]);
  expect(() => capture.assertSatisfied(registry)).toThrowErrorMatchingInlineSnapshot(`
    [EventspecError: 1 of 2 produced messages do not satisfy their contracts:
      message 2 of 2 (Charged m-2 → charged) breaks Charged@1:
        - data.amount: expected a number < 100, got 100
    Change the producer to send what the contracts describe, or publish new contract versions.]
  `);
  await capture.broker.close();
});

test("the loader checks each schema against its own dialect's meta-schema and keywords", () => {
  const thrown = (data: JsonSchema) => {
    try {
      contractsFromFiles([file('Bad', data)]);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the loader to refuse the schema');
  };
  // A number is 2020-12's exclusiveMaximum; draft-04 wants a boolean beside maximum.
  expect(thrown({ $schema: D4, type: 'number', maximum: 5, exclusiveMaximum: 5 })).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - Bad.contract.json at /data/exclusiveMaximum: not a valid JSON Schema draft-04: must be boolean
    Fix the files above; nothing was checked."
  `);
  // dependentRequired is not a draft-07 keyword: it would check nothing there.
  expect(thrown({ $schema: D7, type: 'object', dependentRequired: { a: ['b'] } })).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - Bad.contract.json at /data/dependentRequired: unknown JSON Schema keyword "dependentRequired" (a typo?); use a draft-07 keyword, or prefix custom annotations with "x-"
    Fix the files above; nothing was checked."
  `);
  expect(
    thrown({ $schema: 'http://json-schema.org/draft-03/schema#', type: 'object' }),
  ).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      - Bad.contract.json at /data/$schema: $schema "http://json-schema.org/draft-03/schema#" names no JSON Schema dialect eventspec supports. Use one of: http://json-schema.org/draft-04/schema#, http://json-schema.org/draft-06/schema#, http://json-schema.org/draft-07/schema#, https://json-schema.org/draft/2019-09/schema, https://json-schema.org/draft/2020-12/schema (or leave $schema out for 2020-12).
    Fix the files above; nothing was checked."
  `);
});

test('an AsyncAPI payload that declares draft-07 is validated as draft-07 beside a 2020-12 one', async () => {
  const document = `asyncapi: 3.0.0
info: { title: Fleet, version: 1.0.0 }
channels:
  located:
    address: fleet.located
    messages:
      Located: { $ref: '#/components/messages/Located' }
  placed:
    address: orders.placed
    messages:
      Placed: { $ref: '#/components/messages/Placed' }
components:
  messages:
    Located:
      name: Located
      payload: ${JSON.stringify(located)}
    Placed:
      name: Placed
      payload: ${JSON.stringify(placed)}
`;
  const registry = await asyncApiFromText(document, 'fleet.asyncapi.yaml');
  for (const [id, list] of Object.entries(bodies).filter(([id]) => id !== 'Charged@1'))
    for (const body of list)
      expect(registry.validate({ data: body }, id).ok, `${id} ${JSON.stringify(body)}`).toBe(
        validIn(schemas[id]!, body),
      );
  expect(registry.validate({ data: { location: [1, 2, 3] } }, 'Located@1').violations).toMatchInlineSnapshot(`
    [
      {
        "actual": [
          1,
          2,
          3,
        ],
        "expected": "a value that must NOT have more than 2 items",
        "keyword": "additionalItems",
        "part": "data",
        "path": "data.location",
      },
    ]
  `);
}, 60_000);
