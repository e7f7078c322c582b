import { describe, expect, test } from 'vitest';
import { any, command, inAnyOrder, scenario, stringMatching } from '../../src/index.js';
import { added, CartError, type CartEvent, cart, opened } from './cart.js';

const at = new Date('2024-05-01T10:00:00.000Z');
const checkedOut = (total: number, items: string[]): CartEvent[] => [
  { type: 'CartCheckedOut', data: { total, items, at } },
  {
    type: 'ReceiptIssued',
    data: { total, tags: new Set(items), lines: new Map(items.map((sku) => [sku, 1])) },
  },
];

function failureOf(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the scenario to fail, but it passed');
}

describe('then(events)', () => {
  test('passes on exactly the expected events, synchronously', () => {
    const result = scenario(cart)
      .at(at)
      .given([opened, added('a'), added('b')])
      .when({ type: 'CheckOut' })
      .then(checkedOut(20, ['a', 'b']));
    expect(result).toBeUndefined();
  });

  test('shows the scenario and each event that differs, by path', () => {
    const failure = failureOf(() =>
      scenario(cart)
        .at(at)
        .given([opened, added('a'), added('b')])
        .when({ type: 'CheckOut' })
        .then(checkedOut(30, ['a', 'b'])),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_EVENTS_MISMATCH');
    expect(failure.message).toMatchInlineSnapshot(`
      "then() failed: 2 events differ.

        at     2024-05-01T10:00:00.000Z
        given  CartOpened, ItemAdded, ItemAdded
        when   CheckOut
        then   CartCheckedOut, ReceiptIssued

        [0] ✗ CartCheckedOut
              data.total: expected 30, received 20
        [1] ✗ ReceiptIssued
              data.total: expected 30, received 20"
    `);
  });

  test('keeps the rest aligned when an event is missing or unexpected', () => {
    const [checkedOutEvent, receipt] = checkedOut(10, ['a']);
    const failure = failureOf(() =>
      scenario(cart)
        .at(at)
        .given([opened, added('a')])
        .when({ type: 'CheckOut' })
        .then([receipt!]),
    );
    expect(failure.message).toMatchInlineSnapshot(`
      "then() failed: 1 unexpected.

        at     2024-05-01T10:00:00.000Z
        given  CartOpened, ItemAdded
        when   CheckOut
        then   ReceiptIssued

        [0] + CartCheckedOut (unexpected): { type: "CartCheckedOut", data: { total: 10, items: ["a"], at: new Date("2024-05-01T10:00…
        [1] ✓ ReceiptIssued"
    `);
    const missing = failureOf(() =>
      scenario(cart)
        .at(at)
        .given([opened, added('a')])
        .when({ type: 'CheckOut' })
        .then([checkedOutEvent!, receipt!, added('x')]),
    );
    expect(missing.message).toMatchInlineSnapshot(`
      "then() failed: 1 missing.

        at     2024-05-01T10:00:00.000Z
        given  CartOpened, ItemAdded
        when   CheckOut
        then   CartCheckedOut, ReceiptIssued, ItemAdded

        [0] ✓ CartCheckedOut
        [1] ✓ ReceiptIssued
            - ItemAdded (missing): { type: "ItemAdded", data: { sku: "x", quantity: 1, price: 10 } }"
    `);
  });

  test('carries actual and expected for vitest to diff', () => {
    const expected = checkedOut(30, ['a']);
    const failure = failureOf(() =>
      scenario(cart)
        .at(at)
        .given([opened, added('a')])
        .when({ type: 'CheckOut' })
        .then(expected),
    ) as Error & {
      actual: unknown;
      expected: unknown;
    };
    expect(failure.expected).toBe(expected);
    expect(failure.actual).toEqual(checkedOut(10, ['a']));
  });

  // The four silent false passes of Emmett's `then`: each must fail here.
  test.each([
    ['wrong order', (events: CartEvent[]) => [events[1]!, events[0]!]],
    ['[A, A] against [A, B]', (events: CartEvent[]) => [events[0]!, events[0]!]],
    [
      'a shorter nested array',
      (events: CartEvent[]) => [
        { ...events[0]!, data: { ...events[0]!.data, items: ['a'] } } as CartEvent,
        events[1]!,
      ],
    ],
    [
      'a different Date',
      (events: CartEvent[]) => [
        { ...events[0]!, data: { ...events[0]!.data, at: new Date(0) } } as CartEvent,
        events[1]!,
      ],
    ],
    [
      'a different Map',
      (events: CartEvent[]) => {
        const receipt = events[1] as Extract<CartEvent, { type: 'ReceiptIssued' }>;
        return [
          events[0]!,
          {
            ...receipt,
            data: {
              ...receipt.data,
              lines: new Map([
                ['a', 2],
                ['b', 1],
              ]),
            },
          },
        ];
      },
    ],
  ])('fails on %s', (_, change) => {
    const actual = checkedOut(20, ['a', 'b']);
    const failure = failureOf(() =>
      scenario(cart)
        .at(at)
        .given([opened, added('a'), added('b')])
        .when({ type: 'CheckOut' })
        .then(change(actual)),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_EVENTS_MISMATCH');
  });

  test('tells undefined from a missing key', () => {
    const failure = failureOf(() =>
      scenario(cart)
        .given([opened])
        .when({ type: 'AddItem', sku: 'a', quantity: 1, price: 10 })
        .then([
          { type: 'ItemAdded', data: { sku: 'a', quantity: 1, price: 10, note: undefined } } as CartEvent,
        ]),
    );
    expect(failure.message).toMatchInlineSnapshot(`
      "then() failed: 1 event differs.

        given  CartOpened
        when   AddItem { sku: "a", quantity: 1, price: 10 }
        then   ItemAdded

        [0] ✗ ItemAdded
              data.note: missing, expected undefined"
    `);
  });

  test('points to thenMatch when the expected events hold matchers', () => {
    const failure = failureOf(() =>
      scenario(cart)
        .given([opened])
        .when({ type: 'AddItem', sku: 'a', quantity: 1, price: 10 })
        .then([{ type: 'ItemAdded', data: { sku: any(String), quantity: 1, price: 10 } } as never]),
    );
    expect(failure.message).toMatchInlineSnapshot(`
      "then() failed: 1 event differs.

        given  CartOpened
        when   AddItem { sku: "a", quantity: 1, price: 10 }
        then   ItemAdded

        [0] ✗ ItemAdded
              data.sku: expected object any(String), received string "a"

      The expected events hold matchers, but then() compares exactly: use thenMatch([...]) for patterns."
    `);
  });
});

describe('thenMatch(patterns)', () => {
  test('checks only the fields a pattern names, with matchers', () => {
    scenario(cart)
      .given([opened, added('a')])
      .when({ type: 'CheckOut' })
      .thenMatch([
        { type: 'CartCheckedOut', data: { total: 10, at: any(Date) } },
        { type: stringMatching(/^Receipt/) },
      ]);
  });

  test('accepts vitest asymmetric matchers', () => {
    scenario(cart)
      .given([opened, added('a')])
      .when({ type: 'CheckOut' })
      .thenMatch([{ data: { at: expect.any(Date), items: ['a'] } }, { data: { total: expect.closeTo(10) } }]);
  });

  test('fails on a wrong order, a repeated pattern, a shorter nested array, and extra events', () => {
    const run = (
      patterns: Parameters<
        ReturnType<ReturnType<typeof scenario<never, CartEvent, never>>['when']>['thenMatch']
      >[0],
    ) =>
      failureOf(() =>
        scenario(cart)
          .given([opened, added('a'), added('b')])
          .when({ type: 'CheckOut' })
          .thenMatch(patterns as never),
      );
    expect(run([{ type: 'ReceiptIssued' }, { type: 'CartCheckedOut' }]).code).toBe(
      'EVENTSPEC_SPEC_PATTERN_MISMATCH',
    );
    expect(run([{ type: 'CartCheckedOut' }, { type: 'CartCheckedOut' }]).code).toBe(
      'EVENTSPEC_SPEC_PATTERN_MISMATCH',
    );
    expect(run([{ type: 'CartCheckedOut', data: { items: ['a'] } }, { type: 'ReceiptIssued' }]).code).toBe(
      'EVENTSPEC_SPEC_PATTERN_MISMATCH',
    );
    expect(run([{ type: 'CartCheckedOut' }]).message).toMatchInlineSnapshot(`
      "thenMatch() failed: 1 unexpected.

        given  CartOpened, ItemAdded, ItemAdded
        when   CheckOut
        then   CartCheckedOut (patterns)

        [0] ✓ CartCheckedOut
        [1] + ReceiptIssued (unexpected): { type: "ReceiptIssued", data: { total: 20, tags: new Set(["a", "b"]), lines: new Map([["…"
    `);
  });
});

describe('inAnyOrder([...])', () => {
  test('matches a run of events in any order, each pattern once', () => {
    scenario(cart)
      .given([opened, added('a')])
      .when({ type: 'CheckOut' })
      .thenMatch([inAnyOrder([{ type: 'ReceiptIssued' }, { type: 'CartCheckedOut' }])]);
    const failure = failureOf(() =>
      scenario(cart)
        .given([opened, added('a')])
        .when({ type: 'CheckOut' })
        .thenMatch([inAnyOrder([{ type: 'ReceiptIssued' }, { type: 'ReceiptIssued' }])]),
    );
    expect(failure.message).toMatchInlineSnapshot(`
      "thenMatch() failed: 1 missing, 1 unexpected.

        given  CartOpened, ItemAdded
        when   CheckOut
        then   inAnyOrder(ReceiptIssued, ReceiptIssued) (patterns)

        [0] + CartCheckedOut (unexpected): { type: "CartCheckedOut", data: { total: 10, items: ["a"], at: new Date("2024-01-01T00:00…
        [1] ✓ ReceiptIssued
            - ReceiptIssued (missing): { type: "ReceiptIssued" }"
    `);
  });
});

describe('thenError / thenNothing / thenState', () => {
  test('thenError checks the class and the message', () => {
    scenario(cart).when({ type: 'CheckOut' }).thenError(CartError, 'cannot check out');
    scenario(cart)
      .when({ type: 'CheckOut' })
      .thenError(/the cart is empty/);
    scenario(cart)
      .when({ type: 'CheckOut' })
      .thenError(CartError, (error) => error.message.endsWith('empty'));
    scenario(cart).when({ type: 'CheckOut' }).thenError();
    expect(
      failureOf(() => scenario(cart).when({ type: 'CheckOut' }).thenError(TypeError)).message,
    ).toMatchInlineSnapshot(`
      "thenError() failed: decide threw CartError: cannot check out: the cart is empty, but expected an instance of TypeError.

        given  no events
        when   CheckOut
        then   an error: TypeError"
    `);
    expect(
      failureOf(() => scenario(cart).when({ type: 'CheckOut' }).thenError(CartError, 'closed')).code,
    ).toBe('EVENTSPEC_SPEC_WRONG_ERROR');
  });

  test('thenError fails when the command is accepted, listing the events', () => {
    const failure = failureOf(() =>
      scenario(cart)
        .given([opened])
        .when({ type: 'AddItem', sku: 'a', quantity: 2, price: 5 })
        .thenError(CartError),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_ERROR_EXPECTED');
    expect(failure.message).toMatchInlineSnapshot(`
      "thenError() failed: decide accepted the command and returned 1 event.

        given  CartOpened
        when   AddItem { sku: "a", quantity: 2, price: 5 }
        then   an error: CartError

        [0] ItemAdded: { type: "ItemAdded", data: { sku: "a", quantity: 2, price: 5 } }"
    `);
  });

  test('a rejected command fails then() with the error and the fix', () => {
    const failure = failureOf(() => scenario(cart).when({ type: 'CheckOut' }).then([]));
    expect(failure.code).toBe('EVENTSPEC_SPEC_UNEXPECTED_ERROR');
    expect(failure.message).toMatchInlineSnapshot(`
      "then() failed: decide threw CartError: cannot check out: the cart is empty.

        given  no events
        when   CheckOut
        then   no events

      If rejecting this command is right, expect it with thenError(...)."
    `);
    expect(failure.cause).toBeInstanceOf(CartError);
  });

  test('thenNothing', () => {
    scenario(cart).given([opened]).when({ type: 'RemoveItem', sku: 'nope' }).thenNothing();
    expect(
      failureOf(() =>
        scenario(cart)
          .given([opened, added('a')])
          .when({ type: 'RemoveItem', sku: 'a' })
          .thenNothing(),
      ).message,
    ).toMatchInlineSnapshot(`
        "thenNothing() failed: decide returned 1 event.

          given  CartOpened, ItemAdded
          when   RemoveItem { sku: "a" }
          then   no events

          [0] + ItemRemoved (unexpected): { type: "ItemRemoved", data: { sku: "a" } }"
      `);
  });

  test('thenState with a value or a predicate', () => {
    scenario(cart)
      .given([opened])
      .when({ type: 'AddItem', sku: 'a', quantity: 2, price: 5 })
      .thenState({ status: 'open', lines: new Map([['a', { quantity: 2, price: 5 }]]) });
    scenario(cart)
      .given([opened])
      .when({ type: 'AddItem', sku: 'a', quantity: 2, price: 5 })
      .thenState((state) => state.lines.get('a')?.quantity === 2);
    const failure = failureOf(() =>
      scenario(cart)
        .given([opened])
        .when({ type: 'AddItem', sku: 'a', quantity: 2, price: 5 })
        .thenState({ status: 'open', lines: new Map([['a', { quantity: 3, price: 5 }]]) }),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_STATE_MISMATCH');
    expect(failure.message).toMatchInlineSnapshot(`
      "thenState() failed: the state differs.

        given  CartOpened
        when   AddItem { sku: "a", quantity: 2, price: 5 }
        then   the given state

        state.lines.get("a").quantity: expected 3, received 2"
    `);
    expect(
      failureOf(() =>
        scenario(cart)
          .given([opened])
          .when({ type: 'AddItem', sku: 'a', quantity: 2, price: 5 })
          .thenState((state) => state.status === 'checkedOut'),
      ).message,
    ).toMatchInlineSnapshot(`
      "thenState() failed: the predicate returned false.

        given  CartOpened
        when   AddItem { sku: "a", quantity: 2, price: 5 }
        then   a state the predicate accepts

        state  { status: "open", lines: new Map([["a", { quantity: 2, price: 5 }]]) }"
    `);
  });
});

describe('given commands and the virtual clock', () => {
  test('a history built through decide, each command at the time set before it', () => {
    const t0 = new Date('2024-03-01T09:00:00.000Z');
    scenario(cart)
      .at(t0)
      .given([
        command({ type: 'OpenCart', cartId: 'c9' }),
        command({ type: 'AddItem', sku: 'a', quantity: 1, price: 4 }),
      ])
      .at(at)
      .when({ type: 'CheckOut' })
      .thenMatch([{ type: 'CartCheckedOut', data: { total: 4, at } }, { type: 'ReceiptIssued' }]);
    scenario(cart)
      .at(t0)
      .when({ type: 'OpenCart', cartId: 'c9' })
      .then([{ type: 'CartOpened', data: { cartId: 'c9', openedAt: t0 } }]);
  });

  test('a given command that decide rejects fails the history, naming the entry', () => {
    const failure = failureOf(() =>
      scenario(cart)
        .given([command({ type: 'AddItem', sku: 'a', quantity: 1, price: 4 })])
        .when({ type: 'CheckOut' })
        .then([]),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_GIVEN_FAILED');
    expect(failure.message).toMatchInlineSnapshot(`
      "The scenario's history could not be built: decide rejected the command AddItem at given[0].
        CartError: cannot add a: the cart is empty
      A given history must be valid: check the events and commands passed to given(), in order."
    `);
  });

  test('a bad instant is a clear error', () => {
    expect(() => scenario(cart).at('yesterday')).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: scenario(...).at() got "yesterday", which is not a point in time. Pass a valid Date, epoch milliseconds, or an ISO-8601 string such as '2024-05-01T10:00:00Z'.]`,
    );
  });
});

describe('misuse', () => {
  test('awaiting a scenario without a terminal step fails loudly (and does not type-check)', async () => {
    await expect(async () => {
      // @ts-expect-error: TypeScript already rejects awaiting an unfinished scenario
      await scenario(cart).given([opened]).when({ type: 'CheckOut' });
    }).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: This scenario was awaited before it was finished, so it checked nothing. End it with a terminal step after when(...): then([...]), thenMatch([...]), thenError(...), thenNothing() or thenState(...).]`,
    );
    await expect(async () => {
      // @ts-expect-error: TypeScript already rejects awaiting an unfinished scenario
      await scenario(cart).given([opened]);
    }).rejects.toMatchObject({ code: 'EVENTSPEC_SPEC_UNFINISHED' });
  });

  test('then() without when()', () => {
    expect(() =>
      (scenario(cart).given([opened]) as unknown as { then(e: unknown[]): void }).then([]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: then() was called before when(): a scenario checks what a command does. Write scenario(decider).given([...history]).when(command).then([...expected events]).]`,
    );
  });

  test('given() with something other than an array', () => {
    expect(() => scenario(cart).given(opened as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: given() takes an array of past events, but got an object (type, data). Wrap a single event in brackets: given([event]); for no history, leave given() out.]`,
    );
  });

  test('then() with something other than an array', () => {
    expect(() =>
      scenario(cart)
        .given([opened])
        .when({ type: 'CheckOut' })
        .then(opened as never),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: then() takes an array of expected events, but got object ({ type: "CartOpened", data: { cartId: "c1", openedAt: new D…). Wrap a single event in brackets: then([event]); for no events use thenNothing().]`,
    );
  });

  test('decide throwing a non-Error', () => {
    const failure = failureOf(() => scenario(cart).when({ type: 'Shout' }).thenError());
    expect(failure.code).toBe('EVENTSPEC_SPEC_NON_ERROR_THROWN');
    expect(failure.message).toMatchInlineSnapshot(
      `"thenError(): decide threw a string ("not an error"), not an Error. Throw an Error or a subclass of it (throw new OutOfStock(...)), so that failures have a stack and thenError() can check the class and message."`,
    );
  });
});
