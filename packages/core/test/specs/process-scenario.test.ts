import { describe, expect, test } from 'vitest';
import {
  any,
  cancel,
  type ProcessManager,
  processScenario,
  publish,
  schedule,
  send,
} from '../../src/index.js';

type Input =
  | { type: 'OrderPlaced'; orderId: string; payBy?: Date }
  | { type: 'PaymentReceived'; orderId: string }
  | { type: 'PaymentReminderDue'; orderId: string }
  | { type: 'PaymentTimedOut'; orderId: string };
type State = { status: 'new' | 'awaitingPayment' | 'paid' | 'cancelled'; reminders: number };

const payment: ProcessManager<Input, State> = {
  initialState: () => ({ status: 'new', reminders: 0 }),
  react(state, input) {
    switch (input.type) {
      case 'OrderPlaced':
        return [
          send({ type: 'RequestPayment', orderId: input.orderId }),
          schedule({ type: 'PaymentReminderDue', orderId: input.orderId }, { after: '10m', id: 'reminder' }),
          input.payBy
            ? schedule(
                { type: 'PaymentTimedOut', orderId: input.orderId },
                { at: input.payBy, id: 'timeout' },
              )
            : schedule({ type: 'PaymentTimedOut', orderId: input.orderId }, { after: '15m', id: 'timeout' }),
        ];
      case 'PaymentReceived':
        return [cancel('reminder'), cancel('timeout'), send({ type: 'ShipOrder', orderId: input.orderId })];
      case 'PaymentReminderDue':
        return state.status === 'awaitingPayment'
          ? publish({ type: 'PaymentReminderSent', orderId: input.orderId })
          : undefined;
      case 'PaymentTimedOut':
        if (state.status !== 'awaitingPayment') return [];
        return [
          send({ type: 'CancelOrder', orderId: input.orderId, reason: 'payment timed out' }),
          cancel('reminder'),
        ];
    }
  },
  evolve(state, input) {
    switch (input.type) {
      case 'OrderPlaced':
        return { ...state, status: 'awaitingPayment' };
      case 'PaymentReceived':
        return { ...state, status: 'paid' };
      case 'PaymentReminderDue':
        return { ...state, reminders: state.reminders + 1 };
      case 'PaymentTimedOut':
        return state.status === 'awaitingPayment' ? { ...state, status: 'cancelled' } : state;
    }
  },
};

const placed: Input = { type: 'OrderPlaced', orderId: 'o1' };
const start = '2024-06-01T12:00:00.000Z';

describe('processScenario', () => {
  test('several timeouts come due in time order, each delivered back to react', () => {
    processScenario(payment)
      .at(start)
      .when(placed)
      .then({
        send: [{ type: 'RequestPayment', orderId: 'o1' }],
        schedule: [
          { message: { type: 'PaymentReminderDue', orderId: 'o1' }, after: '10m', id: 'reminder' },
          {
            message: { type: 'PaymentTimedOut', orderId: 'o1' },
            at: '2024-06-01T12:15:00.000Z',
            id: 'timeout',
          },
        ],
      })
      .advanceBy('10m')
      .then({
        due: [{ type: 'PaymentReminderDue', orderId: 'o1' }],
        publish: [{ type: 'PaymentReminderSent', orderId: 'o1' }],
      })
      .advanceBy('4m')
      .thenNothing()
      .advanceBy('1m')
      .then({
        due: [{ type: 'PaymentTimedOut', orderId: 'o1' }],
        send: [{ type: 'CancelOrder', orderId: 'o1', reason: 'payment timed out' }],
        cancel: ['reminder'],
      })
      .thenState({ status: 'cancelled', reminders: 1 });
  });

  test('a reply cancels the timeouts: advancing past them delivers nothing', () => {
    processScenario(payment)
      .given([placed])
      .when({ type: 'PaymentReceived', orderId: 'o1' })
      .then({ send: [{ type: 'ShipOrder', orderId: 'o1' }], cancel: ['reminder', 'timeout'] })
      .advanceBy('1h')
      .thenNothing();
  });

  test('a deadline already in the past comes due at once, in the same step', () => {
    processScenario(payment)
      .at(start)
      .when({ type: 'OrderPlaced', orderId: 'o2', payBy: new Date('2024-06-01T11:00:00.000Z') })
      .thenMatch({
        due: [{ type: 'PaymentTimedOut' }],
        send: [{ type: 'RequestPayment' }, { type: 'CancelOrder', reason: 'payment timed out' }],
      });
  });

  test('thenMatch checks only the kinds it names, by pattern', () => {
    processScenario(payment)
      .when(placed)
      .thenMatch({
        schedule: [{ message: { type: 'PaymentReminderDue' } }, { message: any(Object), id: 'timeout' }],
      });
  });

  test('a failure shows the steps so far and the outputs that differ, kind by kind', () => {
    let message = '';
    try {
      processScenario(payment)
        .at(start)
        .given([placed])
        .advanceBy('10m')
        .thenMatch({ due: [{ type: 'PaymentReminderDue' }] })
        .advanceBy('5m')
        .then({
          due: [{ type: 'PaymentTimedOut', orderId: 'o1' }],
          send: [{ type: 'CancelOrder', orderId: 'o1', reason: 'timeout' }],
        });
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ code: 'EVENTSPEC_SPEC_OUTPUTS_MISMATCH' });
    }
    expect(message).toMatchInlineSnapshot(`
      "then() failed: send: 1 differs; cancel: 1 unexpected.

        at     2024-06-01T12:00:00.000Z
        given  OrderPlaced
        step   ✓ the clock advances by 10m to 2024-06-01T12:10:00.000Z
        when   the clock advances by 5m to 2024-06-01T12:15:00.000Z
        then   due: PaymentTimedOut; send: CancelOrder; nothing else

        send
          [0] ✗ CancelOrder
                reason: expected "timeout", received "payment timed out"
        cancel
          [0] + cancel (unexpected): "reminder""
    `);
  });

  test('misuse: unknown outputs, unchecked steps, and awaiting an unchecked step (also refused by the types)', async () => {
    const broken: ProcessManager<Input, State> = {
      initialState: payment.initialState,
      react: () => [{ type: 'ShipOrder' } as never],
    };
    expect(() => processScenario(broken).when(placed).thenNothing()).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: react returned { type: "ShipOrder" }, which is not a process-manager output. Return send(command), publish(event), schedule(message, { after: '15m' }) or cancel(id) (or an array of them) — all exported by @eventspec/core.]`,
    );
    // The types refuse these too; the runtime errors are for JavaScript users.
    // @ts-expect-error: a step must be checked before the next
    expect(() => processScenario(payment).when(placed).when(placed)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: when() was called while the step "OrderPlaced { orderId: "o1" }" is unchecked. Check each step before the next: then({...}), thenMatch({...}), thenNothing(), thenError(...) or thenState(...).]`,
    );
    await expect(async () => {
      // @ts-expect-error: an unchecked step cannot be awaited
      await processScenario(payment).when(placed);
    }).rejects.toMatchObject({ code: 'EVENTSPEC_SPEC_UNFINISHED' });
    // @ts-expect-error: there is no step to check yet
    expect(() => processScenario(payment).thenNothing()).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: thenNothing() checks a step, but there is none to check: call when(event), advanceBy(duration) or advanceTo(instant) first.]`,
    );
  });

  test('an async react: the scenario is awaited, and a failure rejects', async () => {
    const slow: ProcessManager<Input, State> = {
      ...payment,
      react: async (state, input, context) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return payment.react(state, input, context);
      },
    };
    await processScenario(slow)
      .given([placed])
      .advanceBy('15m')
      .thenMatch({ send: [{ type: 'CancelOrder' }] });
    await expect(async () => {
      await processScenario(slow).given([placed]).advanceBy('15m').thenNothing();
    }).rejects.toMatchObject({ code: 'EVENTSPEC_SPEC_OUTPUTS_MISMATCH' });
  });
});
