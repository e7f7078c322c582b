import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type SyncDecider, scenario } from '../../src/index.js';
import { type CartCommand, cart, opened } from './cart.js';

const cartCommands: fc.Arbitrary<CartCommand> = fc.oneof(
  fc.record({
    type: fc.constant('AddItem' as const),
    sku: fc.constantFrom('a', 'b'),
    quantity: fc.integer({ min: 1, max: 3 }),
    price: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({ type: fc.constant('RemoveItem' as const), sku: fc.constantFrom('a', 'b') }),
  fc.constant({ type: 'CheckOut' as const }),
);

// A counter whose decide forgets to check the limit on Increment-by-more-than-one.
type CounterCommand = { type: 'Increment'; by: number } | { type: 'Reset' };
type CounterEvent = { type: 'Incremented'; by: number } | { type: 'WasReset' };
const limitedCounter: SyncDecider<CounterCommand, CounterEvent, { value: number }> = {
  initialState: () => ({ value: 0 }),
  decide(command, state) {
    if (command.type === 'Reset') return { type: 'WasReset' };
    if (state.value + 1 > 10) throw new RangeError('the counter is at its limit');
    return { type: 'Incremented', by: command.by };
  },
  evolve: (state, event) => ({ value: event.type === 'WasReset' ? 0 : state.value + event.by }),
};
const counterCommands: fc.Arbitrary<CounterCommand> = fc.oneof(
  fc.record({ type: fc.constant('Increment' as const), by: fc.integer({ min: 1, max: 5 }) }),
  fc.constant({ type: 'Reset' as const }),
);

describe('invariant(name, predicate, { commands })', () => {
  test('holds: reports what it tried, rejected commands included', () => {
    const report = scenario(cart)
      .given([opened])
      .invariant(
        'a line never has a negative quantity',
        (state) => [...state.lines.values()].every((l) => l.quantity > 0),
        {
          commands: cartCommands,
          runs: 50,
          seed: 42,
        },
      );
    expect(report).toMatchObject({ name: 'a line never has a negative quantity', runs: 50, seed: 42 });
    expect(report.commands).toBeGreaterThan(50);
    expect(report.rejected).toBeGreaterThan(0);
  });

  test('broken: prints the shrunk history as a scenario to paste, with seed and path', () => {
    let message = '';
    try {
      scenario(limitedCounter).invariant('the value never exceeds 10', (state) => state.value <= 10, {
        commands: counterCommands,
        seed: 7,
      });
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ code: 'EVENTSPEC_SPEC_INVARIANT_BROKEN' });
    }
    expect(message.replace(/path: "[\d:]+"/, 'path: "…"')).toMatchInlineSnapshot(`
      "Invariant "the value never exceeds 10" broken after 4 commands (4 accepted, 0 rejected).

        state  { value: 11 }

      The shrunk history, as a scenario to paste into a test:

        scenario(decider)
          .given([
            command({ type: "Increment", by: 4 }),
            command({ type: "Increment", by: 1 }),
            command({ type: "Increment", by: 3 }),
          ])
          .when({ type: "Increment", by: 3 })
          .thenState(/* the value never exceeds 10 */ (state) => state.value <= 10);

      Replay: pass { seed: 7, path: "…" } in the invariant's options."
    `);
  });

  test('the printed seed and path replay the same counterexample', () => {
    const failure = (options: { seed: number; path?: string }) => {
      try {
        scenario(limitedCounter).invariant('the value never exceeds 10', (state) => state.value <= 10, {
          commands: counterCommands,
          ...options,
        });
      } catch (error) {
        return (error as Error).message;
      }
      return 'passed';
    };
    const first = failure({ seed: 7 });
    const path = /path: "([\d:]+)"/.exec(first)?.[1];
    expect(path).toBeDefined();
    expect(failure({ seed: 7, path: path! })).toBe(first);
  });

  test('options fast-check would misread are coded errors, all at once (runs: 1.5 or 1e300 searched forever)', () => {
    const refused = (options: Record<string, unknown>) => {
      try {
        scenario(limitedCounter).invariant('never above 10', (state) => state.value <= 10, options as never);
      } catch (error) {
        const { code, message } = error as Error & { code?: string };
        return `${code}: ${message}`;
      }
      return 'accepted';
    };
    expect([
      refused({ commands: counterCommands, runs: 1.5 }),
      refused({ commands: counterCommands, runs: 1e300 }),
      refused({
        commands: counterCommands,
        runs: Number.POSITIVE_INFINITY,
        maxCommands: -1,
        seed: Number.NaN,
      }),
      refused({ commands: 5, seed: 7, path: 5, subject: { toString: null } }),
      refused({ commands: counterCommands, path: '0:1' }),
      refused({}),
    ]).toMatchInlineSnapshot(`
      [
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`runs\` must be a whole number from 1 to 2^53 − 1, got 1.5",
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`runs\` must be a whole number from 1 to 2^53 − 1, got 1e+300",
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`maxCommands\` must be a whole number ≥ 0, got -1
        - \`runs\` must be a whole number from 1 to 2^53 − 1, got Infinity
        - \`seed\` must be the whole number a failure printed, got NaN",
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`commands\` must be a fast-check arbitrary of commands, e.g. fc.constantFrom(...) or fc.oneof(...), got 5
        - \`path\` must be the path a failure printed, such as "3:1:0", got 5
        - \`subject\` must be a string, got { toString: null }",
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`path\` replays a failure only together with its \`seed\`",
        "EVENTSPEC_SPEC_BAD_OPTIONS: invariant() cannot search with these options:
        - \`commands\` must be a fast-check arbitrary of commands, e.g. fc.constantFrom(...) or fc.oneof(...), got undefined",
      ]
    `);
  });
});
