// Process managers where the order across kinds matters, and the usage errors around their steps.
import { describe, expect, test } from 'vitest';
import { type ProcessManager, processScenario, publish, schedule, send } from '../../src/index.js';

type Input = { type: 'OrderPlaced'; orderId: string } | { type: 'StockReserved'; orderId: string };
type State = { placed: number };

// #region interleaving
// The saga must publish OrderAccepted only after it sent ReserveStock (a consumer of OrderAccepted reads
// the reservation): this one publishes first.
const saga: ProcessManager<Input, State> = {
  initialState: () => ({ placed: 0 }),
  react: (_, input) =>
    input.type === 'OrderPlaced'
      ? [
          publish({ type: 'OrderAccepted', orderId: input.orderId }),
          send({ type: 'ReserveStock', orderId: input.orderId }),
          schedule({ type: 'StockTimedOut', orderId: input.orderId }, { after: '5m', id: 'stock' }),
        ]
      : undefined,
  evolve: (state, input) => (input.type === 'OrderPlaced' ? { placed: state.placed + 1 } : state),
};

test('thenInOrder checks the outputs in the order react made them, across kinds', () => {
  // then({...}) checks each kind and passes: it cannot see the order across kinds.
  processScenario(saga)
    .when({ type: 'OrderPlaced', orderId: 'o1' })
    .then({
      send: [{ type: 'ReserveStock', orderId: 'o1' }],
      publish: [{ type: 'OrderAccepted', orderId: 'o1' }],
      schedule: [{ message: { type: 'StockTimedOut', orderId: 'o1' }, after: '5m', id: 'stock' }],
    });
  expect(() =>
    processScenario(saga)
      .when({ type: 'OrderPlaced', orderId: 'o1' })
      .thenInOrder([
        send({ type: 'ReserveStock', orderId: 'o1' }),
        publish({ type: 'OrderAccepted', orderId: 'o1' }),
        schedule({ type: 'StockTimedOut', orderId: 'o1' }, { after: '5m', id: 'stock' }),
      ]),
  ).toThrowErrorMatchingInlineSnapshot(`
    [EventspecError: thenInOrder() failed: 1 missing, 1 unexpected.

      given  no events
      when   OrderPlaced { orderId: "o1" }
      then   send ReserveStock, then publish OrderAccepted, then schedule StockTimedOut at 2024-01-01T00:05:00.000Z; in this order

      [0] + publish OrderAccepted (unexpected): { kind: "publish", event: { type: "OrderAccepted", orderId: "o1" } }
      [1] ✓ send ReserveStock
          - publish OrderAccepted (missing): { kind: "publish", event: { type: "OrderAccepted", orderId: "o1" } }
      [2] ✓ schedule StockTimedOut at 2024-01-01T00:05:00.000Z]
  `);
});
// #endregion interleaving

describe('thenInOrder', () => {
  test('passes on the same outputs in the same order, and is a checked step like then()', () => {
    processScenario(saga)
      .when({ type: 'OrderPlaced', orderId: 'o1' })
      .thenInOrder([
        publish({ type: 'OrderAccepted', orderId: 'o1' }),
        send({ type: 'ReserveStock', orderId: 'o1' }),
        schedule({ type: 'StockTimedOut', orderId: 'o1' }, { after: '5m', id: 'stock' }),
      ])
      .thenState({ placed: 1 })
      .when({ type: 'StockReserved', orderId: 'o1' })
      .thenInOrder([]);
  });

  test('refuses what is not a list of outputs', () => {
    expect(() =>
      processScenario(saga)
        .when({ type: 'OrderPlaced', orderId: 'o1' })
        .thenInOrder([{ type: 'ReserveStock' }] as never),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: thenInOrder() takes the outputs in the order react makes them, as react returns them: [send(command), publish(event), schedule(message, { after: '15m' }), cancel(id)] — got { type: "ReserveStock" }.]`,
    );
  });
});

describe('thenState', () => {
  const failing: ProcessManager<Input, State> = {
    ...saga,
    react: () => {
      throw new RangeError('no stock service');
    },
  };

  test('may follow thenError, as it may follow any check', () => {
    processScenario(failing)
      .when({ type: 'OrderPlaced', orderId: 'o1' })
      .thenError(RangeError)
      .thenState({ placed: 0 });
  });

  test('a predicate that throws is a failure of the step, with the state', () => {
    expect(() =>
      processScenario(saga)
        .when({ type: 'OrderPlaced', orderId: 'o1' })
        .thenMatch({})
        .thenState((state) => {
          if (state.placed !== 2) throw new Error(`placed is ${state.placed}`);
          return true;
        }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: thenState() failed: the predicate threw Error: placed is 1.

        given  no events
        step   ✓ OrderPlaced { orderId: "o1" }
        when   OrderPlaced { orderId: "o1" }
        then   a state the predicate accepts

        state  { placed: 1 }]
    `);
  });
});

describe('the clock and usage errors', () => {
  test('advanceTo an instant in the past is refused, as advanceBy a negative duration is', () => {
    expect(() =>
      processScenario(saga)
        .at(new Date('2024-01-01T10:00:00Z'))
        .when({ type: 'OrderPlaced', orderId: 'o1' })
        .thenMatch({})
        .advanceTo(new Date('2024-01-01T09:00:00Z')),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: advanceTo(2024-01-01T09:00:00.000Z) would move the clock back: it is already 2024-01-01T10:00:00.000Z. The virtual clock only moves forward (as advanceBy refuses a negative duration): give an instant at or after the current time.]`,
    );
  });

  test('no process manager, or misspelled options, are usage errors', () => {
    expect(() => processScenario(undefined as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: processScenario() takes a process manager, but got undefined. Write processScenario({ initialState: () => state, react(state, event) { … }, evolve(state, event) { … } }).]`,
    );
    expect(() => processScenario(saga, { nmae: 'saga' } as never)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: processScenario() got an unknown option "nmae" (did you mean "name"?). The options it knows: causality, ignore, name, timeout.]`,
    );
  });

  test('an async react that never settles fails after the timeout, naming the input', async () => {
    const stuck: ProcessManager<Input, State> = { ...saga, react: () => new Promise(() => {}) };
    await expect(
      processScenario(stuck, { timeout: 30 }).when({ type: 'OrderPlaced', orderId: 'o1' }).thenNothing(),
    ).rejects.toThrow(/^react to OrderPlaced \{ orderId: "o1" \} did not settle within 30 ms/);
  });
});
