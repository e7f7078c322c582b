import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ContractRegistry, type JsonSchema, loadContracts } from '../../src/index.js';
import { checkConsumers, MessagePact, type MessagePactFile, readMessagePacts } from '../../src/pact/index.js';

let registry: ContractRegistry;
let pacts: MessagePactFile[];
const dir = mkdtempSync(join(tmpdir(), 'eventspec-consumers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  registry = await loadContracts(new URL('../fixtures/contracts/valid', import.meta.url).pathname);
  const seen: unknown[] = [];
  const shipping = new MessagePact({ consumer: 'shipping', provider: 'orders', registry, dir });
  await shipping.receive(
    { description: 'an order to ship', contract: 'OrderPlaced@2', reads: ['orderId', 'lines[].sku'] },
    (m) => void seen.push(m.data),
  );
  const billing = new MessagePact({ consumer: 'billing', provider: 'orders', registry, dir });
  await billing.receive(
    {
      description: 'an order to bill',
      contract: 'OrderPlaced@2',
      reads: ['orderId', 'total.amount', 'total.currency'],
    },
    (m) => void seen.push(m.data),
  );
  expect(seen).toEqual([
    { orderId: '', lines: [{ sku: '' }] },
    { orderId: '', total: { amount: 0, currency: 'EUR' } },
  ]);
  pacts = await readMessagePacts([join(dir, 'shipping-orders.json'), join(dir, 'billing-orders.json')]);
});

const v2 = () =>
  structuredClone(registry.get('OrderPlaced@2').data) as Record<string, { [k: string]: unknown }>;
const impactOf = (next: JsonSchema) =>
  checkConsumers(pacts, 'OrderPlaced', registry.get('OrderPlaced@2').data, next, {
    library: registry.library,
  }).map((i) => ({
    consumer: i.consumer,
    reads: i.reads,
    verdict: i.result.verdict,
    breaks: i.result.breaks.map((b) => `${b.path}: ${b.rule} ${JSON.stringify(b.counterexample)}`),
  }));

test('a change to a field only billing reads breaks billing, not shipping', () => {
  const next = v2();
  next.properties!.total = {
    type: 'object',
    properties: { amount: { type: 'string' }, currency: { type: 'string' } },
    required: ['amount', 'currency'],
  };
  expect(impactOf(next)).toMatchInlineSnapshot(`
    [
      {
        "breaks": [],
        "consumer": "shipping",
        "reads": [
          "lines[].sku",
          "orderId",
        ],
        "verdict": "compatible",
      },
      {
        "breaks": [
          "total.amount: type-narrowed {"orderId":"","total":{"amount":"","currency":""}}",
          "total.currency: enum-added {"orderId":"","total":{"amount":"","currency":""}}",
        ],
        "consumer": "billing",
        "reads": [
          "orderId",
          "total.amount",
          "total.currency",
        ],
        "verdict": "incompatible",
      },
    ]
  `);
});

test('a change to a field nobody reads breaks nobody, though it breaks the schema', () => {
  const next = v2();
  next.properties!.placedAt = { type: 'integer' };
  expect(impactOf(next).map((i) => i.verdict)).toEqual(['compatible', 'compatible']);
});

test('removing what shipping reads from the lines breaks shipping only', () => {
  const next = v2();
  next.properties!.lines = {
    type: 'array',
    minItems: 1,
    items: { type: 'object', properties: { sku: { type: 'integer' }, quantity: { type: 'integer' } } },
  };
  expect(impactOf(next).map((i) => `${i.consumer} ${i.verdict}`)).toEqual([
    'shipping incompatible',
    'billing compatible',
  ]);
});
