import { defineUpcasters, upcasterScenario } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { checkUpcastContracts, contractsFromFiles } from '../../src/index.js';

// OrderPlaced v1 held one amount; v2 holds lines and no version field (events without one are the latest).
type PlacedV1 = { type: 'OrderPlaced'; version: 1; orderId: string; amount: number };
type PlacedV2 = { type: 'OrderPlaced'; orderId: string; lines: { sku: string; cents: number }[] };

const contractFile = (version: number, properties: object, required: string[]) => ({
  path: `stored/order-placed.v${version}.contract.json`,
  text: JSON.stringify({
    type: 'OrderPlaced',
    version,
    data: {
      type: 'object',
      properties: { type: { const: 'OrderPlaced' }, version: { const: version }, ...properties },
      required: ['type', ...required],
    },
  }),
});
const contracts = contractsFromFiles([
  contractFile(1, { orderId: { type: 'string' }, amount: { type: 'integer', minimum: 0 } }, [
    'version',
    'orderId',
    'amount',
  ]),
  contractFile(
    2,
    {
      orderId: { type: 'string' },
      lines: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: { sku: { type: 'string', minLength: 1 }, cents: { type: 'integer' } },
          required: ['sku', 'cents'],
        },
      },
    },
    ['orderId', 'lines'],
  ),
]);

const upcastWith = (sku: string) =>
  defineUpcasters<PlacedV1 | PlacedV2, PlacedV2>().register<PlacedV1, PlacedV2>(
    'OrderPlaced',
    1,
    ({ orderId, amount }) => ({ type: 'OrderPlaced', orderId, lines: [{ sku, cents: amount }] }),
  );
const v1: PlacedV1 = { type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 900 };
const v2: PlacedV2 = { type: 'OrderPlaced', orderId: 'o-2', lines: [{ sku: 'tea', cents: 450 }] };
const fixtures = { 'order-placed.v1': v1, 'order-placed.v2': v2 };

describe('checkUpcastContracts', () => {
  test('fixtures valid at their versions, upcast events valid at the latest: a report of what was checked', () => {
    expect(checkUpcastContracts({ upcasters: upcastWith('legacy'), contracts, fixtures })).toEqual({
      fixtures: { 'order-placed.v1': 'OrderPlaced@1', 'order-placed.v2': 'OrderPlaced@2' },
      upcast: 1,
    });
  });

  test('an upcaster whose output breaks the latest contract: the fixture, the versions, the contract and the path', () => {
    const run = () => checkUpcastContracts({ upcasters: upcastWith(''), contracts, fixtures });
    expect(run).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Stored events and their upcasts do not satisfy their contracts (1 problem):
        fixture "order-placed.v1" (OrderPlaced@1) upcast to OrderPlaced@2 [0], against OrderPlaced@2 (stored/order-placed.v2.contract.json):
          - data.lines[0].sku: expected a string of at least 1 characters, got ""
      Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.]
    `);
  });

  test('a fixture that breaks the contract of its own version: every violation, before and after upcasting', () => {
    const run = () =>
      checkUpcastContracts({
        upcasters: upcastWith('legacy'),
        contracts,
        fixtures: { 'v1 with cents': { type: 'OrderPlaced', version: 1, orderId: 'o-1', amount: 9.5 } },
      });
    expect(run).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Stored events and their upcasts do not satisfy their contracts (2 problems):
        fixture "v1 with cents" (OrderPlaced@1), against OrderPlaced@1 (stored/order-placed.v1.contract.json):
          - data.amount: expected an integer, got 9.5
        fixture "v1 with cents" (OrderPlaced@1) upcast to OrderPlaced@2 [0], against OrderPlaced@2 (stored/order-placed.v2.contract.json):
          - data.lines[0].cents: expected an integer, got 9.5
      Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.]
    `);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'EVENTSPEC_EVOLUTION_CONTRACT_VIOLATED',
        actual: { 'fixture "v1 with cents" (OrderPlaced@1) data.amount': 9.5 },
        expected: { 'fixture "v1 with cents" (OrderPlaced@1) data.amount': 'an integer' },
      });
    }
  });

  test('an old version without a fixture is reported, unless everyVersion is false', () => {
    const onlyLatest = { 'order-placed.v2': v2 };
    const run = (everyVersion?: boolean) =>
      checkUpcastContracts({
        upcasters: upcastWith('legacy'),
        contracts,
        fixtures: onlyLatest,
        ...(everyVersion === undefined ? {} : { everyVersion }),
      });
    expect(() => run()).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Stored events and their upcasts do not satisfy their contracts (1 problem):
        OrderPlaced@1: no fixture is stored at this version; add one so that its upcasters are checked against the contracts
      Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.]
    `);
    expect(run(false)).toEqual({ fixtures: { 'order-placed.v2': 'OrderPlaced@2' }, upcast: 0 });
  });

  test('upcasters that stop before the latest contract, and a fixture of a version without a contract', () => {
    const upcasters = upcastWith('legacy').latest('OrderPlaced', 3);
    const run = () =>
      checkUpcastContracts({
        upcasters,
        contracts,
        fixtures: { ...fixtures, 'v2 with a version': { ...v2, version: 2 } as PlacedV2 },
        everyVersion: false,
      });
    expect(run).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Stored events and their upcasts do not satisfy their contracts (4 problems):
        fixture "order-placed.v1" (OrderPlaced@1) upcast to OrderPlaced@3 [0]: there is no contract OrderPlaced@3 (contracts: OrderPlaced@1, OrderPlaced@2); add a contract file for OrderPlaced@3
        fixture "order-placed.v2" (OrderPlaced@3): there is no contract OrderPlaced@3 (contracts: OrderPlaced@1, OrderPlaced@2); add a contract file for OrderPlaced@3
        fixture "v2 with a version" (OrderPlaced@2): upcasting threw EventspecUsageError: Cannot upcast { type: "OrderPlaced", orderId: "o-2", lines: [{ sku: "tea", cents: 450 }], ver…: OrderPlaced@2 has no upcaster to OrderPlaced@3 (the latest is OrderPlaced@3); register one with register('OrderPlaced', 2, upcast).
        OrderPlaced: the latest contract is OrderPlaced@2, but the upcasters read events up to OrderPlaced@3; add the OrderPlaced@3 contract
      Fix the fixture to match the contract of its version, or the upcaster to produce what the latest contract describes.]
    `);
  });
});

describe('upcasterScenario(upcasters, { contracts })', () => {
  test('then() passes when the given events and their upcasts satisfy their contracts', () => {
    upcasterScenario(upcastWith('legacy'), { contracts })
      .given([v1])
      .then([{ type: 'OrderPlaced', orderId: 'o-1', lines: [{ sku: 'legacy', cents: 900 }] }]);
  });

  test('then() fails on an upcast that breaks the latest contract, even when it is the expected event', () => {
    const run = () =>
      upcasterScenario(upcastWith(''), { contracts })
        .given([v1])
        .then([{ type: 'OrderPlaced', orderId: 'o-1', lines: [{ sku: '', cents: 900 }] }]);
    expect(run).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: stored events or their upcasts do not satisfy their contracts. Fix the event to match the contract of its version, or the upcaster to produce what the latest contract describes.

        given  OrderPlaced
        when   upcast to the latest versions
        then   OrderPlaced

      upcast [0] (OrderPlaced@2), against OrderPlaced@2 (stored/order-placed.v2.contract.json):
        - data.lines[0].sku: expected a string of at least 1 characters, got ""]
    `);
  });
});

test('types: fixtures are stored events of the registry; the scenario takes a registry of contracts', () => {
  const bad = { other: { type: 'Other' } };
  // @ts-expect-error a fixture that is not one of the registry's stored events
  expect(() => checkUpcastContracts({ upcasters: upcastWith('x'), contracts, fixtures: bad })).toThrow(
    /no contract Other@1/,
  );
  // @ts-expect-error contracts is a ContractRegistry, not a folder
  upcasterScenario(upcastWith('x'), { contracts: 'stored' });
});
