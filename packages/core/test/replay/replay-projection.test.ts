import { expect, test } from 'vitest';
import { send } from '../../src/index.js';
import { historyFrom, ReplayFailedError, replayHistory } from '../../src/replay/index.js';
import { accountUpcasters } from './accounts.js';

type Balances = Record<string, number>;
const records = [
  { streamId: 'a', streamVersion: 1, type: 'Opened', data: { owner: 'ada' } },
  { streamId: 'a', streamVersion: 2, type: 'Deposited', version: 1, data: { cents: '500' } },
  { streamId: 'b', streamVersion: 1, type: 'Opened', data: { owner: 'bob' } },
  { streamId: 'b', streamVersion: 2, type: 'Deposited', data: { cents: 70 } },
  { streamId: 'a', streamVersion: 3, type: 'Withdrawn', data: { cents: 200 } },
];
type Event = { type: string; data: { owner?: string; cents?: number } };

/** Balances per owner, updated in place (the read model is a plain object). */
const balances = {
  initialState: (): Balances => ({}),
  project(model: Balances, event: Event & { streamId?: string }) {
    if (event.type === 'Opened') model[event.data.owner!] = 0;
  },
};
/** Balances per account, from events that name their account. */
const ledger = (countWithdrawals: boolean) => ({
  initialState: (): Balances => ({}),
  project(model: Balances, event: { type: string; data: { account: string; cents: number } }) {
    const { account, cents } = event.data;
    if (event.type === 'Deposited') return { ...model, [account]: (model[account] ?? 0) + cents };
    if (event.type === 'Withdrawn' && countWithdrawals)
      return { ...model, [account]: (model[account] ?? 0) - cents };
    return model;
  },
});
const ledgerRecords = [
  { streamId: 'a', type: 'Deposited', data: { account: 'a', cents: 500 } },
  { streamId: 'b', type: 'Deposited', data: { account: 'b', cents: 70 } },
  { streamId: 'a', type: 'Withdrawn', data: { account: 'a', cents: 200 } },
  { streamId: 'b', type: 'Deposited', data: { account: 'b', cents: 30 } },
];

test('a projection is fed every event in the history order and its read model is returned', async () => {
  const report = await replayHistory<Balances>(historyFrom(records), {
    upcasters: accountUpcasters,
    projection: balances,
  });
  expect(report.readModel).toEqual({ ada: 0, bob: 0 });
});

test('compare two projections: the read model differs, and the first event where it diverges is named', async () => {
  // The new projection forgets withdrawals.
  const error = await replayHistory(historyFrom(ledgerRecords, { name: 'ledger' }), {
    compare: { old: { projection: ledger(true) }, new: { projection: ledger(false) } },
  }).catch((caught: unknown) => caught as ReplayFailedError);
  expect(error).toBeInstanceOf(ReplayFailedError);
  expect((error as ReplayFailedError).message.split('\n').slice(1)).toMatchInlineSnapshot(`
    [
      "states that differ between old and new: 1",
      "  - the read model: the new version's state differs from the old one's; they first diverge at ledger record 3 (Withdrawn)",
      "      state.a: expected 300, received 500",
    ]
  `);
  expect((error as ReplayFailedError).report.readModel).toEqual({ a: 500, b: 100 });
});

test('an async projection (a database read model) is awaited event by event', async () => {
  const seen: string[] = [];
  const slow = {
    initialState: (): string[] => [],
    async project(model: string[], event: Event) {
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(event.type);
      return [...model, event.type];
    },
  };
  const report = await replayHistory<string[]>(historyFrom(records), {
    projection: slow,
    checkDeterminism: false,
  });
  expect(report.readModel).toEqual(['Opened', 'Deposited', 'Opened', 'Deposited', 'Withdrawn']);
  expect(seen).toEqual(report.readModel);
});

test('a process manager that acts while replaying is reported; one that checks context.replaying passes', async () => {
  const naive = {
    initialState: () => ({ opened: 0 }),
    evolve: (state: { opened: number }, event: Event) =>
      event.type === 'Opened' ? { opened: state.opened + 1 } : state,
    react: (_state: unknown, event: Event) =>
      event.type === 'Opened' ? send({ type: 'SendWelcome', owner: event.data.owner }) : undefined,
  };
  const careful = {
    ...naive,
    react: (state: unknown, event: Event, context: { replaying?: boolean }) =>
      context.replaying ? undefined : naive.react(state, event),
  };
  await expect(replayHistory(historyFrom(records), { processManager: careful })).resolves.toMatchObject({
    ok: true,
    streams: 2,
  });
  const error = (await replayHistory(historyFrom(records, { name: 'log' }), { processManager: naive }).catch(
    (caught) => caught,
  )) as ReplayFailedError;
  expect(error.report.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "log record 1 (Opened, stream a): react returned 1 output(s) (send) while replaying: on replay a process manager rebuilds its state and acts on nothing (check context.replaying)",
      "log record 3 (Opened, stream b): react returned 1 output(s) (send) while replaying: on replay a process manager rebuilds its state and acts on nothing (check context.replaying)",
    ]
  `);
});

test('progress is reported while replaying and once at the end', async () => {
  const many = Array.from({ length: 5000 }, (_, index) => ({
    streamId: `s${index % 100}`,
    type: 'Opened',
    data: { owner: `o${index}` },
  }));
  const seen: number[] = [];
  await replayHistory(historyFrom(many), {
    projection: balances,
    progressIntervalMs: 0,
    onProgress: ({ events }) => seen.push(events),
  });
  expect(seen.at(-1)).toBe(5000);
  expect(seen.length).toBeGreaterThan(2);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
});
