import { describe, expect, expectTypeOf, test } from 'vitest';
import { type AsyncDecider, fromAggregate, scenario } from '../../src/index.js';

type Command = { type: 'Deposit'; amount: number } | { type: 'Withdraw'; amount: number };
type Event = { type: 'Deposited'; amount: number } | { type: 'Withdrawn'; amount: number };

class InsufficientFunds extends Error {
  override name = 'InsufficientFunds';
}

const account: AsyncDecider<Command, Event, { balance: number }> = {
  initialState: { balance: 0 },
  async decide(command, state) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (command.type === 'Withdraw' && command.amount > state.balance)
      throw new InsufficientFunds(`balance is ${state.balance}`);
    return command.type === 'Deposit'
      ? { type: 'Deposited', amount: command.amount }
      : { type: 'Withdrawn', amount: command.amount };
  },
  evolve: (state, event) => ({
    balance: state.balance + (event.type === 'Deposited' ? event.amount : -event.amount),
  }),
};

describe('an async decide', () => {
  test('returns a promise that resolves when the step passes and rejects when it fails', async () => {
    const passing = scenario(account)
      .given([{ type: 'Deposited', amount: 10 }])
      .when({ type: 'Withdraw', amount: 4 })
      .then([{ type: 'Withdrawn', amount: 4 }]);
    expect(passing).toBeInstanceOf(Promise);
    await passing;
    await scenario(account)
      .when({ type: 'Withdraw', amount: 4 })
      .thenError(InsufficientFunds, 'balance is 0');
    await expect(
      scenario(account)
        .given([{ type: 'Deposited', amount: 10 }])
        .when({ type: 'Withdraw', amount: 4 })
        .then([{ type: 'Withdrawn', amount: 5 }]),
    ).rejects.toMatchObject({ code: 'EVENTSPEC_SPEC_EVENTS_MISMATCH' });
  });

  test('types: a sync decider returns void, an async one a promise', () => {
    // Checked by the type checker only: these lines never run.
    const typesOnly = () => {
      expectTypeOf(scenario(account).when({ type: 'Deposit', amount: 1 }).thenNothing()).toEqualTypeOf<
        Promise<void>
      >();
      // @ts-expect-error: a command of another shape is rejected
      scenario(account).when({ type: 'Refund', amount: 1 });
      const deposit = scenario(account).when({ type: 'Deposit', amount: 1 });
      // @ts-expect-error: then() takes events, not commands
      void deposit.then([{ type: 'Deposit', amount: 1 }]);
    };
    expect(typesOnly).toBeTypeOf('function');
  });
});

// A class-based aggregate: command methods record events, apply methods rebuild state.
class Account {
  balance = 0;
  private pending: Event[] = [];
  handle(command: Command): void {
    if (command.type === 'Withdraw' && command.amount > this.balance)
      throw new InsufficientFunds(`balance is ${this.balance}`);
    this.record(
      command.type === 'Deposit'
        ? { type: 'Deposited', amount: command.amount }
        : { type: 'Withdrawn', amount: command.amount },
    );
  }
  apply(event: Event): void {
    this.balance += event.type === 'Deposited' ? event.amount : -event.amount;
  }
  pullEvents(): Event[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
  private record(event: Event): void {
    this.apply(event);
    this.pending.push(event);
  }
}

describe('fromAggregate', () => {
  const decider = fromAggregate<Account, Command, Event>({
    create: () => new Account(),
    apply: (aggregate, event) => aggregate.apply(event),
    execute: (aggregate, command) => aggregate.handle(command),
    recorded: (aggregate) => aggregate.pullEvents(),
  });

  test('specs a class-based aggregate like any decider, synchronously', () => {
    scenario(decider)
      .given([{ type: 'Deposited', amount: 10 }])
      .when({ type: 'Withdraw', amount: 3 })
      .then([{ type: 'Withdrawn', amount: 3 }]);
    scenario(decider)
      .given([{ type: 'Deposited', amount: 10 }])
      .when({ type: 'Withdraw', amount: 30 })
      .thenError(InsufficientFunds);
    scenario(decider)
      .given([{ type: 'Deposited', amount: 10 }])
      .when({ type: 'Withdraw', amount: 3 })
      .thenState((aggregate) => aggregate.balance === 7);
    expectTypeOf(scenario(decider).when({ type: 'Deposit', amount: 1 }).then).returns.toEqualTypeOf<void>();
  });

  test('a rejected command leaves the aggregate in the state untouched', () => {
    const state = decider.evolve(
      decider.initialState instanceof Function ? decider.initialState() : decider.initialState,
      {
        type: 'Deposited',
        amount: 5,
      },
    );
    expect(() => decider.decide({ type: 'Withdraw', amount: 50 }, state, { now: () => new Date() })).toThrow(
      InsufficientFunds,
    );
    expect(decider.decide({ type: 'Deposit', amount: 1 }, state, { now: () => new Date() })).toEqual([
      { type: 'Deposited', amount: 1 },
    ]);
    expect(state.balance).toBe(5);
  });
});
