// What a decider scenario checks besides the events: evolve on the new events, decide leaving its state
// alone, what decide may return, and the usage errors around them.
import { describe, expect, test } from 'vitest';
import {
  command,
  configureSpecs,
  type Decider,
  inAnyOrder,
  type SyncDecider,
  scenario,
} from '../../src/index.js';
import { added, CartError, cart, opened } from './cart.js';

type Event = { type: 'Opened' } | { type: 'Deposited'; amount: number } | { type: 'Closed' };
type Command = { type: 'Deposit'; amount: number } | { type: 'Close' };
type State = { open: boolean; balance: number; history: number[] };

function failureOf(run: () => unknown): Error & { code?: string; actual?: unknown; expected?: unknown } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the scenario to fail, but it passed');
}

const account: SyncDecider<Command, Event, State> = {
  initialState: () => ({ open: false, balance: 0, history: [] }),
  decide: (command) =>
    command.type === 'Deposit' ? { type: 'Deposited', amount: command.amount } : { type: 'Closed' },
  evolve(state, event) {
    switch (event.type) {
      case 'Opened':
        return { ...state, open: true };
      case 'Deposited':
        return { ...state, balance: state.balance + event.amount, history: [...state.history, event.amount] };
      default:
        return { ...state, open: false };
    }
  },
};

describe('the new events go through evolve', () => {
  // #region evolve-new-events
  // decide is right, but evolve cannot fold the event decide returns: then() fails, naming the event.
  const brokenEvolve: Decider<Command, Event, State> = {
    ...account,
    evolve(state, event) {
      if (event.type === 'Closed') throw new TypeError("Cannot read properties of undefined (reading 'at')");
      return account.evolve(state, event);
    },
  };

  test('an evolve that throws on a new event fails then()', () => {
    expect(() =>
      scenario(brokenEvolve)
        .given([{ type: 'Opened' }])
        .when({ type: 'Close' })
        .then([{ type: 'Closed' }]),
    ).toThrowErrorMatchingInlineSnapshot(`
        [EventspecError: then() failed: evolve threw TypeError: Cannot read properties of undefined (reading 'at') on the new event [0] Closed.

          given  Opened
          when   Close
          then   Closed

          event  [0] { type: "Closed" }

        The events decide returns are folded into the state with evolve, as the aggregate will be: fix
        evolve for this event (or decide, if the event is wrong).]
      `);
  });
  // #endregion evolve-new-events

  test('thenMatch, thenNothing and thenState fold them too; thenState no longer throws a raw TypeError', () => {
    const step = () =>
      scenario(brokenEvolve)
        .given([{ type: 'Opened' }])
        .when({ type: 'Close' });
    expect(failureOf(() => step().thenMatch([{ type: 'Closed' }])).code).toBe('EVENTSPEC_SPEC_EVOLVE_FAILED');
    expect(failureOf(() => step().thenState({ open: false, balance: 0, history: [] })).code).toBe(
      'EVENTSPEC_SPEC_EVOLVE_FAILED',
    );
    const failure = failureOf(() => step().thenNothing());
    expect(failure.code).toBe('EVENTSPEC_SPEC_EVOLVE_FAILED');
    expect(failure.cause).toBeInstanceOf(TypeError);
  });

  test('an async evolve is a usage error, in the history and on the new events', () => {
    const asyncEvolve = { ...account, evolve: async (state: State) => state } as unknown as Decider<
      Command,
      Event,
      State
    >;
    expect(() =>
      scenario(asyncEvolve)
        .given([{ type: 'Opened' }])
        .when({ type: 'Close' })
        .then([{ type: 'Closed' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: evolve returned a promise on Opened: evolve must be synchronous — it folds an event into the state and nothing else. Do the async work (I/O, lookups) in decide, and put its result in the event.]`,
    );
    expect(
      failureOf(() =>
        scenario(asyncEvolve)
          .when({ type: 'Close' })
          .then([{ type: 'Closed' }]),
      ).code,
    ).toBe('EVENTSPEC_SPEC_ASYNC_EVOLVE');
  });
});

describe('decide must not change its state', () => {
  // #region illegal-state-change
  // decide records the deposit in the state it was given instead of leaving that to evolve.
  const sloppy: Decider<Command, Event, State> = {
    ...account,
    decide(command, state) {
      if (command.type !== 'Deposit') return { type: 'Closed' };
      state.history.push(command.amount);
      return { type: 'Deposited', amount: command.amount };
    },
  };

  test('an illegal state change fails the step, showing what changed', () => {
    // On for this scenario; configureSpecs({ detectStateChange: true }) turns it on for all.
    expect(() =>
      scenario(sloppy, { detectStateChange: true })
        .given([{ type: 'Opened' }])
        .when({ type: 'Deposit', amount: 5 })
        .then([{ type: 'Deposited', amount: 5 }]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: decide changed the state it was given (an illegal state change).

        given  Opened
        when   Deposit { amount: 5 }
        then   Deposited

        state.history[0]: only after decide, 5

      decide must only read its state and return events; evolve folds them into the next state. Copy
      what you change ({ ...state, lines: { ...state.lines } }), or change state only in evolve.]
    `);
  });
  // #endregion illegal-state-change

  test('it is checked on thenError too, and carries the states for a diff; it is off by default', () => {
    const throwing: Decider<Command, Event, State> = {
      ...account,
      decide(_, state) {
        state.balance = -1;
        throw new CartError('no');
      },
    };
    const failure = failureOf(() =>
      scenario(throwing, { detectStateChange: true }).when({ type: 'Close' }).thenError(CartError),
    );
    expect(failure.code).toBe('EVENTSPEC_SPEC_STATE_CHANGED');
    expect(failure.message).toMatchInlineSnapshot(`
      "thenError() failed: decide changed the state it was given (an illegal state change).

        given  no events
        when   Close
        then   an error: CartError

        state.balance: before 0, after decide -1

      decide must only read its state and return events; evolve folds them into the next state. Copy
      what you change ({ ...state, lines: { ...state.lines } }), or change state only in evolve."
    `);
    expect(failure.expected).toEqual({ open: false, balance: 0, history: [] });
    scenario(throwing).when({ type: 'Close' }).thenError(CartError);
    configureSpecs({ detectStateChange: true });
    try {
      expect(failureOf(() => scenario(throwing).when({ type: 'Close' }).thenError(CartError)).code).toBe(
        'EVENTSPEC_SPEC_STATE_CHANGED',
      );
    } finally {
      configureSpecs({ detectStateChange: false });
    }
  });

  test('a decide that only reads its state (Maps, Dates, class-based aggregates) passes', () => {
    scenario(cart)
      .given([opened, added('a')])
      .when({ type: 'CheckOut' })
      .thenMatch([{}, {}]);
  });
});

describe('what decide returns', () => {
  test.each([
    ['null', null],
    ['a string', 'Deposited'],
    ['null inside the array', [{ type: 'Closed' }, null]],
    ['a nested array', [[{ type: 'Closed' }]]],
    ['a promise inside the array', [Promise.resolve({ type: 'Closed' })]],
  ])('%s is a usage error', (_, decision) => {
    const decider = { ...account, decide: () => decision } as unknown as Decider<Command, Event, State>;
    const failure = failureOf(() => scenario(decider).when({ type: 'Close' }).then([]));
    expect(failure.code).toBe('EVENTSPEC_SPEC_BAD_DECISION');
  });

  // #region bad-decision
  test('the message says what was returned and what to return', () => {
    const decider = { ...account, decide: () => null } as unknown as Decider<Command, Event, State>;
    expect(() => scenario(decider).when({ type: 'Close' }).thenNothing()).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: decide returned null, which is not an event. decide returns one event (an object), an array of events, or undefined / [] for none (return undefined or [] instead of null).]`,
    );
  });
  // #endregion bad-decision
});

describe('then() with inAnyOrder groups', () => {
  const both: SyncDecider<Command, Event, State> = {
    ...account,
    decide: () => [{ type: 'Opened' }, { type: 'Deposited', amount: 1 }],
  };

  test('a group in then() matches its events strictly, in any order', () => {
    scenario(both)
      .when({ type: 'Close' })
      .then([inAnyOrder<Event>([{ type: 'Deposited', amount: 1 }, { type: 'Opened' }])]);
  });

  test('a group that does not match fails with the event that differs, never "the events are the same"', () => {
    expect(() =>
      scenario(both)
        .when({ type: 'Close' })
        .then([inAnyOrder<Event>([{ type: 'Deposited', amount: 2 }, { type: 'Opened' }])]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: 1 event differs.

        given  no events
        when   Close
        then   inAnyOrder(Deposited, Opened) (patterns)

        [0] ✓ Opened
        [1] ✗ Deposited
              amount: expected 2, received 1]
    `);
  });
});

describe('thenError arguments', () => {
  class NotAnError {}
  test('a class that does not extend Error is a usage error, not "cannot be invoked without new"', () => {
    expect(() =>
      scenario(cart)
        .when({ type: 'CheckOut' })
        .thenError(NotAnError as never),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: thenError() got the class NotAnError, which does not extend Error, so nothing decide throws can be an instance of it. Make it extend Error (class NotAnError extends Error), or check the thrown error with a predicate: thenError((error) => …).]`,
    );
  });

  test('a third argument is refused instead of ignored', () => {
    expect(() =>
      scenario(cart)
        .when({ type: 'CheckOut' })
        .thenError(...([CartError, 'a', 'b'] as unknown as [typeof CartError, string])),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: thenError() takes at most two arguments (an Error class and a message check), but got 3. Write thenError(OutOfStock, "sku-1"); to check more, use a predicate: thenError(OutOfStock, (error) => error.message.includes("a") && error.message.includes("b")).]`,
    );
  });
});

describe('scenario() usage errors', () => {
  test('no decider, or an object that is not one, names every missing member', () => {
    expect(() => scenario(undefined as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: scenario() takes a decider, but got undefined. Write scenario({ initialState: () => state, decide(command, state) { … }, evolve(state, event) { … } }).]`,
    );
    expect(() => scenario({} as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: scenario() takes a decider, but initialState is missing; decide is missing; evolve is missing. Write scenario({ initialState: () => state, decide(command, state) { … }, evolve(state, event) { … } }).]`,
    );
    expect(failureOf(() => scenario({ ...account, decide: 'no' } as never)).message).toMatch(
      /decide is "no", not a function/,
    );
  });

  test('a misspelled option is refused with the known ones', () => {
    expect(() => scenario(account, { timout: 100 } as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: scenario() got an unknown option "timout" (did you mean "timeout"?). The options it knows: causality, context, detectStateChange, ignore, name, timeout.]`,
    );
    expect(failureOf(() => scenario(account, { timeout: -1 })).code).toBe('EVENTSPEC_SPEC_BAD_TIMEOUT');
    expect(
      failureOf(() => scenario(account).invariant('never negative', () => true, { runz: 5 } as never))
        .message,
    ).toMatchInlineSnapshot(
      `"invariant() got an unknown option "runz" (did you mean "runs"?). The options it knows: commands, maxCommands, path, runs, seed, subject."`,
    );
    expect(failureOf(() => configureSpecs({ causalty: true } as never)).code).toBe(
      'EVENTSPEC_SPEC_UNKNOWN_OPTION',
    );
    expect(failureOf(() => scenario(account, { ignore: ['a..b'] })).code).toBe('EVENTSPEC_SPEC_BAD_IGNORE');
  });
});

describe('an async decide that never resolves', () => {
  // #region timeout
  const stuck: Decider<Command, Event, State> = {
    ...account,
    decide: () => new Promise<never>(() => {}),
  };

  test('fails after the timeout, naming the step', async () => {
    await expect(
      scenario(stuck, { timeout: 50 }).when({ type: 'Deposit', amount: 5 }).then([]),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecError: decide of when(Deposit { amount: 5 }) did not settle within 50 ms, so the scenario stops here instead of waiting forever. Look for a promise that is never resolved (an await on something nobody answers). If the step is right to take longer, raise the limit with the scenario's option { timeout: 10_000 }, or for every scenario with configureSpecs({ timeout: 10_000 }).]`,
    );
  });
  // #endregion timeout

  test('a decide of a given command is bounded too', async () => {
    await expect(
      scenario(stuck, { timeout: 20 })
        .given([command({ type: 'Deposit', amount: 1 })])
        .when({ type: 'Close' })
        .then([]),
    ).rejects.toThrow(
      /^decide of the command Deposit \{ amount: 1 \} at given\[0\] did not settle within 20 ms/,
    );
  });
});

describe('ignored fields', () => {
  type Stamped = { type: 'Deposited'; amount: number; metadata: { recordedAt: Date; traceId: string } };
  const stamped: SyncDecider<Command, Stamped, State> = {
    ...(account as unknown as SyncDecider<Command, Stamped, State>),
    decide: (command) => ({
      type: 'Deposited',
      amount: command.type === 'Deposit' ? command.amount : 0,
      metadata: { recordedAt: new Date(), traceId: Math.random().toString(36) },
    }),
  };
  const deposited = (amount: number): Stamped => ({
    type: 'Deposited',
    amount,
    metadata: { recordedAt: new Date(0), traceId: 'any' },
  });

  // #region ignore
  test('project-wide and per scenario, ignored fields are left out of the comparison', () => {
    configureSpecs({ ignore: ['metadata.recordedAt'] }); // once, in a setup file
    try {
      scenario(stamped, { ignore: ['metadata.traceId'] })
        .when({ type: 'Deposit', amount: 5 })
        .then([deposited(5)]);
    } finally {
      configureSpecs({ ignore: [] });
    }
  });
  // #endregion ignore

  test('only the ignored fields: the others still differ, and the shown events leave them out', () => {
    expect(() =>
      scenario(stamped, { ignore: ['metadata'] })
        .when({ type: 'Deposit', amount: 5 })
        .then([deposited(6)]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: 1 event differs.

        given  no events
        when   Deposit { amount: 5 }
        then   Deposited

        [0] ✗ Deposited
              amount: expected 6, received 5]
    `);
    expect(
      failureOf(() =>
        scenario(stamped)
          .when({ type: 'Deposit', amount: 5 })
          .then([deposited(5)]),
      ).code,
    ).toBe('EVENTSPEC_SPEC_EVENTS_MISMATCH');
  });
});
