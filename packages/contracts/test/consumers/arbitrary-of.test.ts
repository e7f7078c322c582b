import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadAsyncApi } from '../../src/asyncapi/index.js';
import { arbitraryOf, ContractRegistry, contractMessageOf, loadContracts } from '../../src/index.js';
import type { Contract, JsonSchema } from '../../src/model/contract.js';
import { createAjv } from '../../src/validation/create-ajv.js';

const examples = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url));
const fixtures = (path: string) => fileURLToPath(new URL(`../fixtures/contracts/${path}`, import.meta.url));

async function exampleRegistries(): Promise<[string, ContractRegistry][]> {
  return [
    ['orders/contracts', await loadContracts(examples('orders/contracts'))],
    ['orders/src/evolution/contracts', await loadContracts(examples('orders/src/evolution/contracts'))],
    ['getting-started/contracts', await loadContracts(examples('getting-started/contracts'))],
    [
      'orders payments.asyncapi.yaml',
      await loadAsyncApi(examples('orders/contracts/payments.asyncapi.yaml')),
    ],
    ['fixtures valid', await loadContracts(fixtures('valid'))],
  ];
}

describe('every contract of the repository: 300 generated messages each, all valid', async () => {
  for (const [where, registry] of await exampleRegistries()) {
    for (const contract of registry.list()) {
      test(`${contract.id} (${where})`, () => {
        const messages = fc.sample(arbitraryOf(contract, { registry }), { numRuns: 300, seed: 7 });
        const invalid = messages
          .map(contractMessageOf)
          .filter((message) => !registry.validate(message, contract.id).ok);
        expect(invalid).toEqual([]);
        expect(new Set(messages.map((message) => JSON.stringify(message.data))).size).toBeGreaterThan(30);
      });
    }
  }
});

const orderSchema: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 12 },
    status: { enum: ['placed', 'paid', 'refunded'] },
    note: { type: 'string', maxLength: 40 },
    lines: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 99 }, maxItems: 5 },
  },
  required: ['orderId', 'status', 'lines'],
  additionalProperties: false,
};
const order: Contract = {
  id: 'OrderPlaced@1',
  type: 'OrderPlaced',
  version: 1,
  data: orderSchema,
  envelope: 'none',
  compatibility: 'BACKWARD',
  source: 'test',
};
const registry = ContractRegistry.of([order]);

test('biased to the boundaries: every enum value, optional fields absent, empty and maximal strings and arrays', () => {
  const bodies = fc
    .sample(arbitraryOf(order, { registry }), { numRuns: 500, seed: 3 })
    .map((message) => message.data as Record<string, unknown>);
  expect(new Set(bodies.map((body) => body.status))).toEqual(new Set(['placed', 'paid', 'refunded']));
  expect(bodies.some((body) => !('note' in body))).toBe(true);
  expect(bodies.some((body) => body.note === 'x'.repeat(40))).toBe(true);
  expect(bodies.some((body) => (body.orderId as string).length === 12)).toBe(true);
  expect(bodies.some((body) => (body.lines as unknown[]).length === 0)).toBe(true);
  expect(bodies.some((body) => (body.lines as unknown[]).length === 5)).toBe(true);
  expect(bodies.some((body) => (body.lines as number[]).includes(99))).toBe(true);
});

test('shrinks toward the smallest message that still fails', () => {
  const details = fc.check(
    fc.property(
      arbitraryOf(order, { registry }),
      (message) => (message.data as { status: string }).status !== 'refunded',
    ),
    { seed: 11 },
  );
  expect(details.failed).toBe(true);
  expect(details.counterexample?.[0]).toMatchObject({
    type: 'OrderPlaced',
    data: { orderId: expect.any(String), status: 'refunded', lines: [] },
  });
  expect(Object.keys((details.counterexample![0] as { data: object }).data).sort()).toEqual([
    'lines',
    'orderId',
    'status',
  ]);
});

test('a schema no value can satisfy is a clear error, not a hang', () => {
  const impossible: Contract = {
    ...order,
    id: 'Never@1',
    type: 'Never',
    data: { type: 'string', minLength: 5, maxLength: 2 },
  };
  const failure = (() => {
    try {
      fc.sample(arbitraryOf(impossible, { registry: ContractRegistry.of([impossible]) }), {
        numRuns: 5,
        seed: 1,
      });
    } catch (error) {
      return error as Error & { code?: string };
    }
    throw new Error('expected the generation to fail');
  })();
  expect(failure.code).toBe('EVENTSPEC_CONTRACT_CANNOT_GENERATE');
  expect(failure.message).toMatchInlineSnapshot(
    `"Messages valid under Never@1 cannot be generated: 2,000 generated in a row broke the contract (first: data: expected a string of at most 2 characters, got "xxxxx"). Pass your own arbitrary, or loosen the schema where it asks for what no message can have."`,
  );
});

/** Random schemas built from the keywords the generator reasons about (and some it only lets ajv check). */
const leafSchema: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    { type: fc.constant('string'), minLength: fc.nat(4), maxLength: fc.integer({ min: 4, max: 30 }) },
    { requiredKeys: ['type'] },
  ),
  fc.record({
    type: fc.constant('string'),
    format: fc.constantFrom('date-time', 'date', 'uuid', 'email', 'uri', 'ipv4', 'hostname'),
  }),
  fc.record({
    type: fc.constant('string'),
    pattern: fc.constantFrom('^[a-z]{2,5}$', '^order-[0-9]+$', '^[A-Z][a-z]*$'),
  }),
  fc.record(
    {
      type: fc.constantFrom('integer', 'number'),
      minimum: fc.integer({ min: -100, max: 0 }),
      maximum: fc.integer({ min: 1, max: 1000 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    { type: fc.constant('integer'), multipleOf: fc.constantFrom(2, 5, 10), exclusiveMinimum: fc.constant(0) },
    { requiredKeys: ['type', 'multipleOf'] },
  ),
  fc.record({ type: fc.constant('number'), multipleOf: fc.constantFrom(0.5, 0.25) }),
  fc.record({
    enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { minLength: 1, maxLength: 5 }),
  }),
  fc.record({ const: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()) }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: ['string', 'null'], maxLength: 3 }),
);
const schema: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSchema,
    tie('object'),
    tie('array'),
    tie('choice'),
  ),
  object: fc
    .dictionary(
      fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      tie('node') as fc.Arbitrary<Record<string, unknown>>,
      { minKeys: 1, maxKeys: 5 },
    )
    .chain((properties) =>
      fc.record(
        {
          type: fc.constant('object'),
          properties: fc.constant(properties),
          required: fc.subarray(Object.keys(properties)),
          additionalProperties: fc.oneof(fc.constant(false), fc.constant(true), leafSchema),
          minProperties: fc.constantFrom(0, 1),
        },
        { requiredKeys: ['type', 'properties', 'required'] },
      ),
    ),
  // Unique items of a schema with one value (a const) cannot be more than one: keep such arrays satisfiable.
  array: fc.oneof(
    fc.record(
      {
        type: fc.constant('array'),
        items: tie('node'),
        minItems: fc.nat(2),
        maxItems: fc.integer({ min: 2, max: 5 }),
      },
      { requiredKeys: ['type', 'items'] },
    ),
    fc.record(
      {
        type: fc.constant('array'),
        items: tie('node'),
        maxItems: fc.integer({ min: 1, max: 5 }),
        uniqueItems: fc.constant(true),
      },
      { requiredKeys: ['type', 'items', 'uniqueItems'] },
    ),
  ),
  choice: fc
    .record({ oneOf: fc.array(leafSchema, { minLength: 2, maxLength: 3 }) })
    .map(({ oneOf }) => ({ anyOf: oneOf })),
})).node as fc.Arbitrary<Record<string, unknown>>;

test('property: over 1,000 random schemas, every generated message is valid under a separate ajv', () => {
  const independent = createAjv();
  let schemas = 0;
  let messages = 0;
  fc.assert(
    fc.property(schema, fc.integer(), (data, seed) => {
      const contract: Contract = { ...order, id: 'Random@1', type: 'Random', data };
      const validate = independent.compile(data);
      schemas++;
      for (const message of fc.sample(arbitraryOf(contract, { registry: ContractRegistry.of([contract]) }), {
        numRuns: 5,
        seed,
      })) {
        messages++;
        if (!validate(message.data))
          throw new Error(`invalid ${JSON.stringify(message.data)} for ${JSON.stringify(data)}`);
      }
    }),
    { numRuns: 1000, seed: 2026 },
  );
  expect(schemas).toBe(1000);
  expect(messages).toBe(5_000);
}, 180_000);
