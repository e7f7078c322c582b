import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ContractRegistry, captureProduced, type JsonSchema, loadContracts } from '@eventspec/contracts';
import { checkConsumers, MessagePact, readMessagePacts, verifyProducers } from '@eventspec/contracts/pact';
import { InMemoryTopicBroker } from '@eventspec/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { publishOrderPlaced } from '../../src/contracts/publish-order-placed.js';
import { shipmentFor } from '../../src/contracts/shipment-for.js';

const contractsFolder = fileURLToPath(new URL('../../contracts', import.meta.url));
const pacts = mkdtempSync(join(tmpdir(), 'orders-pacts-'));
let registry: ContractRegistry;
beforeAll(async () => {
  registry = await loadContracts(contractsFolder);
});
afterAll(() => rmSync(pacts, { recursive: true, force: true }));

// #region consumer-pact
test('shipping: packs the parcels of a placed order', async () => {
  const pact = new MessagePact({ consumer: 'shipping', provider: 'orders', registry, dir: pacts });
  await pact.receive(
    {
      description: 'an order was placed',
      contract: 'OrderPlaced@2',
      given: { state: 'an order with two lines', params: { orderId: 'order-1' } },
      reads: ['orderId', 'lines[].sku', 'lines[].quantity'],
    },
    (message) => {
      const shipment = shipmentFor(message.data);
      expect(shipment.parcels.length).toBeGreaterThan(0);
    },
  );
});
// #endregion consumer-pact

// #region provider-verification
test("orders: Pact's verifier accepts what the real producer publishes", async () => {
  let orderId = 'order-0';
  const summary = await verifyProducers({
    provider: 'orders',
    pactFiles: [join(pacts, 'shipping-orders.json')],
    registry,
    states: {
      'an order with two lines': (params) => {
        orderId = (params as { orderId: string }).orderId;
      },
    },
    producers: {
      'OrderPlaced@2': async () => {
        await using broker = new InMemoryTopicBroker();
        const capture = captureProduced(broker);
        await publishOrderPlaced(
          capture.broker,
          {
            orderId,
            customerId: 'c-1',
            lines: [
              { sku: 'pen', quantity: 2, unitPrice: 150 },
              { sku: 'ink', quantity: 1, unitPrice: 700 },
            ],
            total: 1000,
            placedAt: new Date('2026-11-28T10:00:00Z'),
          },
          'checkout-1',
        );
        return capture.sent[0]!;
      },
    },
  });
  expect(summary).toEqual({ consumers: ['shipping'], interactions: 1 });
});
// #endregion provider-verification

// #region consumer-aware
test('renaming unitPrice breaks no consumer that does not read it; retyping quantity breaks shipping', async () => {
  const v2 = registry.schemaOf('OrderPlaced@2') as { properties: Record<string, unknown> };
  const withLine = (line: Record<string, unknown>) => ({
    ...v2,
    properties: {
      ...v2.properties,
      lines: { type: 'array', minItems: 1, items: { type: 'object', ...line } },
    },
  });
  const renamed = withLine({
    properties: {
      sku: { type: 'string', minLength: 1 },
      quantity: { type: 'integer', minimum: 1 },
      price: { type: 'integer' },
    },
    required: ['sku', 'quantity', 'price'],
  });
  const retyped = withLine({
    properties: {
      sku: { type: 'string', minLength: 1 },
      quantity: { type: 'string' },
      unitPrice: { type: 'integer' },
    },
    required: ['sku', 'quantity', 'unitPrice'],
  });
  const consumerPacts = await readMessagePacts([join(pacts, 'shipping-orders.json')]);
  const impact = (next: JsonSchema) =>
    checkConsumers(consumerPacts, 'OrderPlaced', v2, next, { library: registry.library }).map((i) => [
      i.consumer,
      i.result.verdict,
      i.result.breaks.map((b) => b.path),
    ]);

  expect(impact(renamed)).toEqual([['shipping', 'compatible', []]]);
  expect(impact(retyped)).toEqual([['shipping', 'incompatible', ['lines[0].quantity']]]);
});
// #endregion consumer-aware
