import { stripVTControlCharacters } from 'node:util';
import { inAnyOrder, stringMatching } from '@eventspec/core';
import { describe, expect, test } from 'vitest';

const events = [
  {
    type: 'OrderPlaced',
    data: { orderId: 'o1', at: new Date('2024-01-01T00:00:00Z'), lines: new Map([['a', 2]]) },
  },
  { type: 'StockReserved', data: { orderId: 'o1', skus: ['a'] } },
  { type: 'PaymentRequested', data: { orderId: 'o1', amount: 20n } },
];

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return stripVTControlCharacters((error as Error).message);
  }
  throw new Error('expected the assertion to fail');
}

describe('event matchers', () => {
  test('toEmit: exact, strict, in order', () => {
    expect(events).toEmit(structuredClone(events));
    expect(events).not.toEmit([events[0]]);
    expect(
      failureOf(() =>
        expect(events).toEmit([events[0], { ...events[2]!, data: { orderId: 'o1', amount: 21n } }]),
      ),
    ).toMatchInlineSnapshot(`
        "expect(events).toEmit(expected)

        1 event differs, 1 unexpected:
          [0] ✓ OrderPlaced
          [1] + StockReserved (unexpected): { type: "StockReserved", data: { orderId: "o1", skus: ["a"] } }
          [2] ✗ PaymentRequested
                data.amount: expected 21n, received 20n"
      `);
  });

  test('toEmitMatching: patterns with matchers and inAnyOrder groups', () => {
    expect(events).toEmitMatching([
      { type: 'OrderPlaced', data: { at: expect.any(Date) } },
      inAnyOrder([{ type: 'PaymentRequested' }, { type: stringMatching('Stock') }]),
    ]);
    expect(
      failureOf(() => expect(events).toEmitMatching([{ type: 'OrderPlaced' }, { type: 'StockReserved' }])),
    ).toMatchInlineSnapshot(`
        "expect(events).toEmitMatching(expected)

        1 unexpected:
          [0] ✓ OrderPlaced
          [1] ✓ StockReserved
          [2] + PaymentRequested (unexpected): { type: "PaymentRequested", data: { orderId: "o1", amount: 20n } }"
      `);
  });

  test('toEmitInAnyOrder, toEmitTypes, toContainEvent, toEmitNothing', () => {
    expect(events).toEmitInAnyOrder([events[2], events[0], events[1]]);
    expect(events).not.toEmitInAnyOrder([events[2], events[0], events[0]]);
    expect(events).toEmitTypes(['OrderPlaced', 'StockReserved', 'PaymentRequested']);
    expect(events).toContainEvent({ type: 'StockReserved', data: { skus: ['a'] } });
    expect(events).not.toContainEvent({ type: 'StockReserved', data: { skus: [] } });
    expect([]).toEmitNothing();
    expect(
      failureOf(() => expect(events).toEmitTypes(['OrderPlaced', 'PaymentRequested'])),
    ).toMatchInlineSnapshot(`
      "expect(events).toEmitTypes(types)

      Expected types: Array [
        "OrderPlaced",
        "PaymentRequested",
      ]
      Received types: Array [
        "OrderPlaced",
        "StockReserved",
        "PaymentRequested",
      ]"
    `);
    expect(
      failureOf(() => expect(events).not.toContainEvent({ type: 'StockReserved' })),
    ).toMatchInlineSnapshot(`
      "expect(events).not.toContainEvent(pattern)

      Expected no event to match { type: "StockReserved" }, but [1] StockReserved does."
    `);
    expect(failureOf(() => expect(events.slice(0, 1)).toEmitNothing())).toMatchInlineSnapshot(`
      "expect(events).toEmitNothing()

      Expected no events, but got:
        [0] OrderPlaced: { type: "OrderPlaced", data: { orderId: "o1", at: new Date("2024-01-01T00:00:00.000Z"), l…"
    `);
  });

  test('a value that is not an array of events', () => {
    expect(failureOf(() => expect(events[0]).toEmit([events[0]]))).toMatchInlineSnapshot(`
      "expect(events).toEmit(expected)

      the received value ({ type: "OrderPlaced", data: { orderId: "o1", at: new Date(…) is not an array of events. Pass arrays on both sides: expect([event]).toEmit([event])."
    `);
  });
});
