// The hostile-input suite: the public APIs fed random and mutated inputs. Every outcome is a result or an
// EventspecError with a stable code — never a raw TypeError/RangeError, never a hang (each case under a
// deadline) — and size alone never changes a verdict. A failing case prints fast-check's seed and path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import {
  ContractRegistry,
  checkCompatibility,
  checkHistory,
  contractsFromFiles,
  contractsFromSources,
  type JsonSchema,
} from '../../src/index.js';
import { compatibilityModes } from '../../src/model/compatibility-mode.js';
import { checkConsumers, readMessagePacts } from '../../src/pact/index.js';
import { mutate, mutation, outcomeOf } from './hostile-json.js';

const fixtures = new URL('../fixtures/contracts/', import.meta.url);
const fixture = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const v1Contract = JSON.parse(fixture('valid/orders/order-placed.v1.contract.json'));
const v2Contract = JSON.parse(fixture('valid/orders/order-placed.v2.contract.json'));
const money = fixture('valid/money.schema.json');
// The orders fixture's AsyncAPI 3 document, trimmed, as data to mutate.
const asyncApi = {
  asyncapi: '3.1.0',
  info: { title: 'Orders', version: '2.0.0' },
  channels: {
    orders: { address: 'orders', messages: { orderPlaced: { $ref: '#/components/messages/OrderPlaced' } } },
  },
  operations: {
    sendOrderPlaced: {
      action: 'send',
      channel: { $ref: '#/channels/orders' },
      messages: [{ $ref: '#/channels/orders/messages/orderPlaced' }],
    },
  },
  components: {
    messages: {
      OrderPlaced: {
        name: 'OrderPlaced',
        contentType: 'application/json',
        'x-eventspec-version': 2,
        'x-eventspec-compatibility': 'BACKWARD',
        payload: {
          type: 'object',
          properties: { orderId: { type: 'string' }, total: { $ref: '#/components/schemas/Money' } },
          required: ['orderId', 'total'],
        },
      },
    },
    schemas: {
      Money: {
        type: 'object',
        properties: { amount: { type: 'number', minimum: 0 }, currency: { enum: ['EUR', 'USD', 'GBP'] } },
        required: ['amount', 'currency'],
      },
    },
  },
};
const pact = {
  consumer: { name: 'billing' },
  provider: { name: 'orders' },
  interactions: [
    {
      type: 'Asynchronous/Messages',
      description: 'an order placed',
      contents: { content: { orderId: 'o-1', total: { amount: 1, currency: 'EUR' } } },
      metadata: { contract: 'OrderPlaced@1' },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};
const modes = fc.oneof(
  fc.constantFrom(...compatibilityModes),
  fc.constantFrom('BOGUS', '', 'backward', undefined, null, 7),
) as fc.Arbitrary<(typeof compatibilityModes)[number]>;
const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
// A hang, not a speed target (those are benchmarks): generous for two busy cores.
const DEADLINE = 20_000;
const scratch = mkdtempSync(join(tmpdir(), 'eventspec-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('checkCompatibility / checkHistory on mutated schemas and modes: a result or a coded error', async () => {
  await fc.assert(
    fc.asyncProperty(mutations, mutations, modes, async (a, b, mode) => {
      const older = mutate(v1Contract.data, a) as JsonSchema;
      const newer = mutate(v2Contract.data, b) as JsonSchema;
      const outcome = await outcomeOf(
        'checkCompatibility',
        () => checkCompatibility(older, newer, mode),
        DEADLINE,
      );
      if (outcome.ok)
        expect(['compatible', 'incompatible', 'unproven']).toContain(
          (outcome.value as { verdict: string }).verdict,
        );
      await outcomeOf('checkHistory', () => checkHistory([older, newer, older], mode), DEADLINE);
    }),
    { numRuns: 200, seed: 1 },
  );
}, 120_000);

test('contractsFromFiles / contractsFromSources on mutated contract files, raw text and BOMs', async () => {
  const text = fc.oneof(
    mutations.map((m) => JSON.stringify(mutate(v2Contract, m))),
    fc.string(),
    fc.constantFrom('', '\uFEFF{}', '{"type":', 'null', '[]', '\uFEFF'),
    mutations.map((m) => `\uFEFF${JSON.stringify(mutate(v1Contract, m), null, 2)}`),
  );
  await fc.assert(
    fc.asyncProperty(text, text, async (one, two) => {
      const files = [
        { path: 'contracts/order-placed.v1.contract.json', text: one },
        { path: 'contracts/order-placed.v2.contract.json', text: two },
        { path: 'contracts/money.schema.json', text: money },
      ];
      await outcomeOf('contractsFromFiles', () => contractsFromFiles(files), DEADLINE);
      await outcomeOf('contractsFromSources', () => contractsFromSources(files), DEADLINE);
    }),
    { numRuns: 200, seed: 2 },
  );
}, 120_000);

/** The YAML text of a document with characters cut, doubled or replaced at random places (indentation too). */
const yamlEdits = fc.array(
  fc.record({
    at: fc.nat(),
    cut: fc.nat({ max: 12 }),
    insert: fc.constantFrom('', ':', '  ', '\n', '- ', '{', '&a', '*a', '\t', '"'),
  }),
  { minLength: 1, maxLength: 4 },
);
function editText(text: string, edits: readonly { at: number; cut: number; insert: string }[]): string {
  let result = text;
  for (const { at, cut, insert } of edits) {
    const i = at % (result.length + 1);
    result = result.slice(0, i) + insert + result.slice(i + cut);
  }
  return result;
}

test('AsyncAPI documents, mutated as data (JSON) and as YAML text: a registry or a coded error', async () => {
  const yaml = fixture('asyncapi/orders.asyncapi.yaml');
  const document = fc.oneof(
    mutations.map((m) => ({
      path: 'contracts/orders.asyncapi.json',
      text: JSON.stringify(mutate(asyncApi, m)),
    })),
    yamlEdits.map((edits) => ({ path: 'contracts/orders.asyncapi.yaml', text: editText(yaml, edits) })),
  );
  await fc.assert(
    fc.asyncProperty(document, async (file) => {
      await outcomeOf('contractsFromSources(asyncapi)', () => contractsFromSources([file]), DEADLINE);
    }),
    { numRuns: 30, seed: 3 },
  );
}, 300_000);

test('pact files, mutated, read and judged against a schema change: a result or a coded error', async () => {
  const registry = contractsFromFiles([
    { path: 'a.contract.json', text: JSON.stringify(v1Contract) },
    { path: 'b.contract.json', text: JSON.stringify(v2Contract) },
    { path: 'money.schema.json', text: money },
  ]);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(mutations, async (m) => {
      const document = mutate(pact, m) as { interactions?: unknown };
      const file = join(scratch, `pact-${++n}.json`);
      writeFileSync(file, JSON.stringify(document));
      const read = await outcomeOf('readMessagePacts', () => readMessagePacts([file]), DEADLINE);
      if (!read.ok) return;
      await outcomeOf(
        'checkConsumers',
        () =>
          checkConsumers(read.value as never, 'OrderPlaced', v1Contract.data, v2Contract.data, {
            library: registry.library,
          }),
        DEADLINE,
      );
    }),
    { numRuns: 120, seed: 4 },
  );
}, 120_000);

// Defects of issue #16 fixed on branch contracts-io: each was a raw TypeError.
test('a pact with "interactions": [null] is a coded error, not a raw TypeError', async () => {
  const file = join(scratch, 'null-interaction.json');
  writeFileSync(file, JSON.stringify({ ...pact, interactions: [null] }));
  await outcomeOf('readMessagePacts', () => readMessagePacts([file]), DEADLINE);
});

test('contractsFromFiles(undefined) and ([false]) are coded errors, not raw TypeErrors', async () => {
  await outcomeOf('contractsFromFiles([false])', () => contractsFromFiles([false] as never), DEADLINE);
  await outcomeOf('contractsFromFiles(undefined)', () => contractsFromFiles(undefined as never), DEADLINE);
});

test('ContractRegistry.of([null]) is a coded error, not a raw TypeError', async () => {
  await outcomeOf('ContractRegistry.of([null])', () => ContractRegistry.of([null] as never), DEADLINE);
});

test('option objects and arguments of the wrong shape: coded errors, not raw ones', async () => {
  const garbage = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(undefined, null, Symbol('x'), () => 1),
  );
  await fc.assert(
    fc.asyncProperty(garbage, garbage, garbage, async (a, b, c) => {
      await outcomeOf(
        'checkCompatibility(garbage)',
        () => checkCompatibility(a as never, b as never, c as never),
        DEADLINE,
      );
      await outcomeOf(
        'checkCompatibility(options garbage)',
        () => checkCompatibility(v1Contract.data, v2Contract.data, 'BACKWARD', a as never),
        DEADLINE,
      );
      await outcomeOf('contractsFromFiles(garbage)', () => contractsFromFiles(a as never), DEADLINE);
      await outcomeOf('ContractRegistry.of(garbage)', () => ContractRegistry.of([a, b] as never), DEADLINE);
    }),
    { numRuns: 300, seed: 5 },
  );
}, 120_000);

/** A small schema change, and the same change among `extra` untouched properties. */
const changes: Record<string, (schema: { properties: Record<string, unknown>; required: string[] }) => void> =
  {
    'string → integer': (s) => {
      s.properties.target = { type: 'integer' };
    },
    'required added': (s) => {
      s.required.push('target');
    },
    'optional added': (s) => {
      s.properties.added = { type: 'boolean' };
    },
    'enum value removed': (s) => {
      s.properties.code = { enum: ['a'] };
    },
    unchanged: () => undefined,
  };
function pair(change: string, extra: number, closed: boolean) {
  const properties: Record<string, unknown> = { target: { type: 'string' }, code: { enum: ['a', 'b'] } };
  for (let i = 0; i < extra; i++) properties[`field${i}`] = { type: 'string' };
  const old = {
    type: 'object',
    properties,
    required: [] as string[],
    ...(closed ? { additionalProperties: false } : {}),
  };
  const next = structuredClone(old);
  changes[change]!(next);
  return [old, next] as const;
}

test('size alone never changes a verdict: the same change among 0, 1,500 and 10,000 properties', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...Object.keys(changes)),
      fc.constantFrom(...compatibilityModes),
      fc.boolean(),
      async (change, mode, closed) => {
        const verdicts = [];
        for (const extra of [0, 1_500, 10_000]) {
          const [old, next] = pair(change, extra, closed);
          const outcome = await outcomeOf(
            `${change} among ${extra}`,
            () => checkCompatibility(old, next, mode),
            DEADLINE,
          );
          verdicts.push(outcome.ok ? (outcome.value as { verdict: string }).verdict : outcome.code);
        }
        expect(new Set(verdicts).size, `${change}, ${mode}, closed ${closed}: ${verdicts.join(' / ')}`).toBe(
          1,
        );
      },
    ),
    { numRuns: 12, seed: 6 },
  );
}, 300_000);

const nest = (depth: number, leaf: unknown): JsonSchema => {
  let schema = leaf as JsonSchema;
  for (let i = 0; i < depth; i++)
    schema = { type: 'object', properties: { child: schema }, required: ['child'] };
  return schema;
};

// The same change at every depth from 1 to 3,000 levels: deep-schemas.test.ts.
test('schemas 2,000 levels deep and 10,000 properties wide, mutated: no stack overflow, within the deadline', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(1_000, 2_000), mutations, async (depth, m) => {
      const deep = nest(depth, mutate({ type: 'string' }, m));
      await outcomeOf(
        `depth ${depth}`,
        () => checkCompatibility(deep, nest(depth, { type: 'string' }), 'FULL'),
        DEADLINE,
      );
    }),
    { numRuns: 4, seed: 7 },
  );
}, 240_000);
