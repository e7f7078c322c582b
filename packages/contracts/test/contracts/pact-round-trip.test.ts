// Real pact files through Pact's own verifier (the pact_ffi core), passing and failing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Broker, InMemoryTopicBroker } from '@eventspec/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ContractRegistry, captureProduced, loadContracts } from '../../src/index.js';
import { MessagePact, verifyProducers } from '../../src/pact/index.js';

let registry: ContractRegistry;
const dir = mkdtempSync(join(tmpdir(), 'eventspec-pact-'));
const pactFile = join(dir, 'shipping-orders.json');
beforeAll(async () => {
  registry = await loadContracts(new URL('../fixtures/contracts/valid', import.meta.url).pathname);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real producer code: publishes OrderPlaced through whatever broker it is given. */
async function placeOrder(broker: Broker, orderId: string, amount: unknown): Promise<void> {
  await broker.publish('orders', [
    {
      id: `m-${orderId}`,
      type: 'OrderPlaced',
      key: orderId,
      headers: { 'content-type': 'application/json' },
      data: {
        orderId,
        customerId: '0b7e7f6e-3c1a-4f4e-9d55-3f0e8c6d2a11',
        placedAt: '2026-11-28T09:30:00Z',
        total: { amount, currency: 'USD' },
        lines: [
          { sku: 'pen', quantity: 3 },
          { sku: 'ink', quantity: 1 },
        ],
      },
    },
  ]);
}

async function produced(orderId: string, amount: unknown) {
  const capture = captureProduced(new InMemoryTopicBroker());
  await placeOrder(capture.broker, orderId, amount);
  await capture.broker.close();
  return capture.sent[0]!;
}

test('the consumer runs its handler on a message built from the contract, and Pact writes a V4 pact', async () => {
  const handled: unknown[] = [];
  const pact = new MessagePact({ consumer: 'shipping', provider: 'orders', registry, dir });
  await pact.receive(
    {
      description: 'an order was placed',
      contract: 'OrderPlaced@2',
      given: { state: 'an order exists', params: { orderId: 'o-1' } },
    },
    (message) => void handled.push(message),
  );
  expect(handled).toHaveLength(1);
  expect(handled[0]).toMatchObject({
    key: expect.stringMatching(/^o-/),
    channel: 'orders',
    headers: { 'content-type': 'application/json' },
  });
  const written = JSON.parse(readFileSync(pactFile, 'utf8'));
  expect(written.metadata.pactSpecification.version).toBe('4.0');
  const [interaction] = written.interactions;
  expect(interaction.type).toBe('Asynchronous/Messages');
  expect(interaction.providerStates).toEqual([{ name: 'an order exists', params: { orderId: 'o-1' } }]);
  expect(interaction.metadata).toMatchObject({ contract: 'OrderPlaced@2', topic: 'orders' });
  expect(Object.keys(interaction.matchingRules.body).sort()).toMatchInlineSnapshot(`
    [
      "$.customerId",
      "$.lines",
      "$.lines[*].quantity",
      "$.lines[*].sku",
      "$.orderId",
      "$.placedAt",
      "$.total.amount",
      "$.total.currency",
    ]
  `);
});

test('a consumer whose handler fails writes nothing and rethrows', async () => {
  const pact = new MessagePact({ consumer: 'shipping', provider: 'orders', registry, dir });
  await expect(
    pact.receive({ description: 'a broken handler', contract: 'OrderPlaced@2' }, () => {
      throw new Error('handler bug');
    }),
  ).rejects.toThrow('handler bug');
  const written = JSON.parse(readFileSync(pactFile, 'utf8'));
  expect(written.interactions.map((i: { description: string }) => i.description)).toEqual([
    'an order was placed',
  ]);
});

test('an example that breaks its own contract is rejected before Pact sees it', async () => {
  const pact = new MessagePact({ consumer: 'shipping', provider: 'orders', registry, dir });
  await expect(
    pact.receive({ description: 'bad example', contract: 'OrderPlaced@2', data: { orderId: 1 } }, () => {}),
  ).rejects.toThrow(/does not satisfy contract OrderPlaced@2/);
});

test("Pact's verifier accepts the real producer, with provider states", async () => {
  const states: unknown[] = [];
  const summary = await verifyProducers({
    provider: 'orders',
    pactFiles: [pactFile],
    registry,
    producers: { 'OrderPlaced@2': () => produced('o-77', 99.5) },
    states: { 'an order exists': (params) => void states.push(params) },
  });
  expect(summary).toEqual({ consumers: ['shipping'], interactions: 1 });
  expect(states).toEqual([{ orderId: 'o-1' }]);
});

test("Pact's verifier rejects a producer that changed the key, the topic and a field type", async () => {
  const error = await verifyProducers({
    provider: 'orders',
    pactFiles: [pactFile],
    registry,
    states: { 'an order exists': () => {} },
    producers: {
      'OrderPlaced@2': async () => ({ ...(await produced('order-77', '99.50')), destination: 'orders-v2' }),
    },
  }).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect(error).toMatchObject({ code: 'EVENTSPEC_PACT_VERIFICATION_FAILED' });
  expect((error as Error).message).toMatchInlineSnapshot(`
    "Pact verification of the producers failed:
      Verifying a pact between shipping and orders Given an order exists - an order was placed
        - $.total.amount: Expected '99.50' (String) to be a number
        - metadata key: Expected metadata key 'key' to have value '"o-"' but was '"order-77"' - Expected 'order-77' to match '[\\s\\S]*(?:^o-)[\\s\\S]*'
        - metadata topic: Expected metadata key 'topic' to have value '"orders"' but was '"orders-v2"' - Expected 'orders-v2' to be equal to 'orders'
      Contract violations:
      "an order was placed": the producer's message breaks OrderPlaced@2:
        - data.total.amount: expected a number, got "99.50"
        - key: expected a string matching /^o-/, got "order-77"
        - channel: expected "orders", got "orders-v2"
    The producer no longer sends what a consumer expects: fix the producer, or agree a new contract version with the consumer."
  `);
});

test('a producer that still answers { body } fails the verification with the rename', async () => {
  const error = await verifyProducers({
    provider: 'orders',
    pactFiles: [pactFile],
    registry,
    states: { 'an order exists': () => {} },
    producers: { 'OrderPlaced@2': async () => ({ key: 'o-1', body: { orderId: 'o-1' } }) as never },
  }).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect((error as Error).message).toMatchInlineSnapshot(`
    "Pact verification of the producers failed:
      Verifying a pact between shipping and orders Given an order exists - an order was placed
        - $: Actual map is missing the following keys: customerId, lines, orderId, placedAt, total
        - metadata content-type: Expected message metadata 'content-type' but was missing
        - metadata contract: Expected message metadata 'contract' but was missing
        - metadata key: Expected message metadata 'key' but was missing
        - metadata topic: Expected message metadata 'topic' but was missing
      Contract violations:
      "an order was placed": verifyProducers: producers["OrderPlaced@2"]: the message has "body" and no "data" (fields: key, body). A message's payload is named "data" now, as in core's Message { id, type, key, data }: rename "body" to "data".
    The producer no longer sends what a consumer expects: fix the producer, or agree a new contract version with the consumer."
  `);
});

test('every interaction is mapped to a producer, and every state to a set-up, before anything runs', async () => {
  const error = await verifyProducers({
    provider: 'orders',
    pactFiles: [pactFile],
    registry,
    producers: {},
  }).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect(error.message.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
    "verifyProducers cannot run the pacts (2 problems):
      - <dir>/shipping-orders.json at /interactions/0/metadata/contract: no producer for OrderPlaced@2 (expected by shipping: "an order was placed"); add producers["OrderPlaced@2"]
      - <dir>/shipping-orders.json at /interactions/0/providerStates: no set-up for provider state "an order exists" (needed by "an order was placed"); add states["an order exists"]
    Fix the pacts or the options above; nothing was verified."
  `);
});

test('a malformed pact file is an input error naming the file and place', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ consumer: { name: 'x' }, interactions: {} }));
  const error = await verifyProducers({
    provider: 'orders',
    pactFiles: [bad],
    registry,
    producers: {},
  }).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect(error.message.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (2 problems):
      - <dir>/bad.json at /provider/name: missing the provider name
      - <dir>/bad.json at /interactions: expected an array of interactions (V4) or messages (V3)
    Fix the files above; nothing was checked."
  `);
});
