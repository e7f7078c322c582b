import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkUpcastContracts, loadContracts } from '@eventspec/contracts';
import { defineUpcasters, upcasterScenario } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import {
  legacySku,
  type OrderCancelledV1,
  type OrderEvent,
  type OrderPlacedV1,
  type OrderPlacedV2,
  orderUpcasters,
  type StoredOrderEvent,
} from '../../src/index.js';

type OrderPlacedV3 = Extract<OrderEvent, { type: 'OrderPlaced' }>;

const storedEventContracts = fileURLToPath(new URL('../../src/evolution/contracts', import.meta.url));
const fixturesFolder = new URL('fixtures/', import.meta.url);

/** The stored fixtures as the store holds them (JSON, dates as ISO strings), by file name. */
function readFixtures(): Record<string, StoredOrderEvent> {
  return Object.fromEntries(
    readdirSync(fixturesFolder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file, JSON.parse(readFileSync(new URL(file, fixturesFolder), 'utf8'))]),
  );
}

describe('stored order events against their contracts', () => {
  // #region check-upcast-contracts
  test('each fixture satisfies the contract of its version, and its upcasts the latest contract', async () => {
    const report = checkUpcastContracts({
      upcasters: orderUpcasters,
      contracts: await loadContracts(storedEventContracts),
      fixtures: readFixtures(),
    });
    expect(report).toEqual({
      fixtures: {
        'order-cancelled.v1.json': 'OrderCancelled@1',
        'order-cancelled.v2.json': 'OrderCancelled@2',
        'order-placed.v1.json': 'OrderPlaced@1',
        'order-placed.v2.json': 'OrderPlaced@2',
        'order-placed.v3.json': 'OrderPlaced@3',
      },
      upcast: 3,
    });
  });
  // #endregion check-upcast-contracts

  test('an upcaster whose events break the latest contract is caught, naming the fixture, the versions and the path', async () => {
    // Like orderUpcasters, but v1's single amount becomes a line without a sku.
    const withoutSku = defineUpcasters<StoredOrderEvent, OrderEvent>()
      .register<OrderPlacedV1, OrderPlacedV2>('OrderPlaced', 1, ({ data: { amount, ...rest } }) => ({
        type: 'OrderPlaced',
        version: 2,
        data: { ...rest, lines: [{ sku: '', quantity: 1, unitPrice: amount }] },
      }))
      .register<OrderPlacedV2, OrderPlacedV3>('OrderPlaced', 2, ({ data }) => ({
        type: 'OrderPlaced',
        data: { ...data, total: data.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) },
      }))
      .register<OrderCancelledV1, OrderEvent>('OrderCancelled', 1, ({ data }) => ({
        type: 'OrderCancelled',
        data: { ...data, refundDue: false },
      }));
    const run = async () =>
      checkUpcastContracts({
        upcasters: withoutSku,
        contracts: await loadContracts(storedEventContracts),
        fixtures: readFixtures(),
      });
    await expect(run()).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Stored events and their upcasts do not satisfy their contracts (1 problem):
        fixture "order-placed.v1.json" (OrderPlaced@1) upcast to OrderPlaced@3 [0], against OrderPlaced@3 (examples/orders/src/evolution/contracts/order-placed.v3.contract.json):
          - data.data.lines[0].sku: expected a string of at least 1 characters, got ""
      Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.]
    `);
  });

  // #region upcaster-spec-contracts
  test('an upcaster spec can check the contracts too', async () => {
    const contracts = await loadContracts(storedEventContracts);
    const placedAt = new Date('2022-03-01T10:00:00.000Z');
    upcasterScenario(orderUpcasters, { contracts })
      .given([
        {
          type: 'OrderPlaced',
          version: 1,
          data: { orderId: 'o-1', customerId: 'c-7', amount: 2100, placedAt },
        },
      ])
      .then([
        {
          type: 'OrderPlaced',
          data: {
            orderId: 'o-1',
            customerId: 'c-7',
            lines: [{ sku: legacySku, quantity: 1, unitPrice: 2100 }],
            total: 2100,
            placedAt,
          },
        },
      ]);
  });
  // #endregion upcaster-spec-contracts
});
