import { afterAll, beforeAll, expect, expectTypeOf, test } from 'vitest';
import { contractsFromFiles, useContracts } from '../../src/index.js';
import '../../src/vitest/index.js';

const registry = contractsFromFiles([
  {
    path: 'contracts/order-placed.v2.contract.json',
    text: JSON.stringify({
      type: 'OrderPlaced',
      version: 2,
      key: { type: 'string', pattern: '^o-' },
      data: {
        type: 'object',
        properties: {
          orderId: { type: 'string' },
          total: { type: 'number', minimum: 0 },
          currency: { enum: ['EUR', 'USD'] },
        },
        required: ['orderId', 'total', 'currency'],
      },
    }),
  },
]);

// #region matcher
beforeAll(() => useContracts(registry));
afterAll(() => useContracts(undefined));

test('a message satisfying its contract passes, with or without an explicit registry', () => {
  const message = { key: 'o-1', data: { orderId: 'o-1', total: 12.5, currency: 'EUR' } };
  expect(message).toSatisfyContract('OrderPlaced@2');
  expect(message).toSatisfyContract('OrderPlaced@2', registry);
  expect({ key: 'x', data: message.data }).not.toSatisfyContract('OrderPlaced@2');
});
// #endregion matcher

test('a failure names the contract, each path, what was expected and what was found', () => {
  expect(() =>
    expect({ key: 'order-1', data: { orderId: 'o-1', total: -1, currency: 'GBP' } }).toSatisfyContract(
      'OrderPlaced@2',
    ),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: The message does not satisfy contract OrderPlaced@2 (3 problems):
      - data.total: expected a number >= 0, got -1
      - data.currency: expected one of "EUR", "USD", got "GBP"
      - key: expected a string matching /^o-/, got "order-1"
    Change the producer to send what OrderPlaced@2 describes, or publish a new contract version.]
  `);
});

test('a bare payload is checked as the message data', () => {
  expect(() =>
    expect({ orderId: 'o-1', total: '12' }).toSatisfyContract('OrderPlaced@2'),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: The message does not satisfy contract OrderPlaced@2 (3 problems):
      - data.currency: expected a value (the property is required), it is missing
      - data.total: expected a number, got "12"
      - key: expected a key (the contract defines its schema), it is missing
    Change the producer to send what OrderPlaced@2 describes, or publish a new contract version.]
  `);
});

test('.not fails when the message does satisfy the contract', () => {
  expect(() =>
    expect({ key: 'o-1', data: { orderId: 'o-1', total: 1, currency: 'USD' } }).not.toSatisfyContract(
      'OrderPlaced@2',
    ),
  ).toThrowErrorMatchingInlineSnapshot(
    `[Error: expected the message not to satisfy contract OrderPlaced@2, but it does]`,
  );
});

test('without a registry the error says how to give one', () => {
  useContracts(undefined);
  try {
    expect(() => expect({ data: {} }).toSatisfyContract('OrderPlaced@2')).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: No contract registry to look the contract id up in. Call useContracts(await loadContracts(folder)) in a beforeAll, or pass the registry: toSatisfyContract(id, registry).]`,
    );
  } finally {
    useContracts(registry);
  }
});

test('the matcher is typed', () => {
  expectTypeOf(expect({}).toSatisfyContract).parameter(0).toEqualTypeOf<string>();
  const wrongCall = () =>
    // @ts-expect-error the contract id is a string
    expect({ data: {} }).toSatisfyContract(2);
  expectTypeOf(wrongCall).toBeFunction();
});
