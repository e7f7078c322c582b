// Every property runs with a fixed seed, so each CI run checks the same inputs (a random seed made CI a
// lottery); 200+ other seeds per property were swept before pinning. Change a seed to explore further.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { defineUpcasters } from '../../src/index.js';
import { historyFrom, ReplayFailedError, replayHistory } from '../../src/replay/index.js';
import { type Account, type AccountEvent, account, accountUpcasters } from './accounts.js';

const opened = (streamId: string, streamVersion = 1) => ({
  streamId,
  streamVersion,
  type: 'Opened',
  data: { owner: streamId },
});
const deposit = (streamId: string, streamVersion: number, cents: number, version?: 1) =>
  version === 1
    ? { streamId, streamVersion, type: 'Deposited', version: 1, data: { cents: String(cents) } }
    : { streamId, streamVersion, type: 'Deposited', data: { cents } };
const withdraw = (streamId: string, streamVersion: number, cents: number) => ({
  streamId,
  streamVersion,
  type: 'Withdrawn',
  data: { cents },
});

async function failureOf(promise: Promise<unknown>): Promise<ReplayFailedError> {
  const error = await promise.then(
    () => new Error('expected the replay to fail'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ReplayFailedError)) throw error;
  return error;
}

const clean = [opened('a'), deposit('a', 2, 500, 1), opened('b'), deposit('b', 2, 70), withdraw('a', 3, 200)];

test('a clean history upcasts and folds every stream, and says how much it read', async () => {
  const report = await replayHistory(historyFrom(clean, { name: 'accounts' }), {
    upcasters: accountUpcasters,
    decider: account,
  });
  expect(report).toMatchObject({ ok: true, events: 5, streams: 2, upcast: 1, failures: [], unreadable: [] });
});

test('events no upcaster can read are grouped by type and version, with a count and the first position', async () => {
  const history = [
    ...clean,
    { streamId: 'c', streamVersion: 1, type: 'Deposited', version: 3, data: { cents: 1 } },
    { streamId: 'd', streamVersion: 1, type: 'Deposited', version: 3, data: { cents: 2 } },
  ];
  const error = await failureOf(
    replayHistory(historyFrom(history, { name: 'accounts' }), {
      upcasters: accountUpcasters,
      decider: account,
    }),
  );
  expect(error.report.unreadable).toEqual([
    {
      type: 'Deposited',
      version: 3,
      count: 2,
      first: { source: 'accounts', at: 'record 6' },
      reason: expect.stringContaining('Deposited@3 is newer'),
    },
  ]);
  expect(error.message).toMatchInlineSnapshot(
    `
    "Replayed accounts: 7 events in 4 streams (1 upcast), 2 problem(s), <n> events/s
    Events no upcaster can read:
      - Deposited@3: 2 event(s), first at accounts record 6 — Deposited@3 is newer than the latest version this registry knows (Deposited@2). Register its upcaster, or declare it with latest('Deposited', 3)."
  `.replace('<n>', String(error.report.eventsPerSecond)),
  );
});

test('a fold that throws is reported at its event and stops that stream only', async () => {
  const history = [opened('a'), withdraw('a', 2, 10), deposit('a', 3, 5), opened('b'), deposit('b', 2, 5)];
  const error = await failureOf(
    replayHistory(historyFrom(history, { name: 'accounts' }), { decider: account }),
  );
  expect(error.report).toMatchObject({ events: 5, streams: 2, failureCounts: { 'evolve-threw': 1 } });
  expect(error.report.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "accounts record 2 (Withdrawn, stream a): evolve threw: overdrawn by 10",
    ]
  `);
});

test('a fold that reads the clock is not deterministic; a state holding a function does not survive structuredClone', async () => {
  const stamped = {
    ...account,
    evolve: (state: Account, event: AccountEvent) => ({
      ...account.evolve(state, event),
      seenAt: performance.now(),
    }),
  };
  const withCallback = {
    ...account,
    evolve: (state: Account, event: AccountEvent) => ({
      ...account.evolve(state, event),
      notify: () => undefined,
    }),
  };
  const nondeterministic = await failureOf(
    replayHistory(historyFrom(clean.slice(0, 2)), { upcasters: accountUpcasters, decider: stamped }),
  );
  expect(nondeterministic.report.failures.map((failure) => failure.kind)).toEqual(['non-deterministic']);
  expect(nondeterministic.report.failures[0]?.differences?.map((difference) => difference.path)).toEqual([
    ['seenAt'],
  ]);
  const uncloneable = await failureOf(
    replayHistory(historyFrom(clean.slice(0, 2)), {
      upcasters: accountUpcasters,
      decider: withCallback,
      checkDeterminism: false,
    }),
  );
  expect(uncloneable.report.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "stream a: the state cannot be cloned (DataCloneError: () => undefined could not be cloned.): a snapshot or a cache of it would fail",
    ]
  `);
});

test('a stream whose versions go backwards is out of order; by-stream grouping refuses a stream that comes back', async () => {
  const backwards = [opened('a'), deposit('a', 3, 5), deposit('a', 2, 5)];
  const error = await failureOf(replayHistory(historyFrom(backwards, { name: 'log' }), { decider: account }));
  expect(error.report.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "log record 3 (Deposited, stream a): stream a: version 2 comes after version 3 (log record 2): the history is not in stream order",
    ]
  `);
  const interleaved = [opened('a'), opened('b'), deposit('a', 2, 5)];
  const grouped = await failureOf(
    replayHistory(historyFrom(interleaved, { name: 'log' }), { decider: account, grouping: 'by-stream' }),
  );
  expect(grouped.report.failures.map((failure) => failure.kind)).toEqual(['out-of-order']);
  await expect(replayHistory(historyFrom(interleaved), { decider: account })).resolves.toMatchObject({
    ok: true,
    streams: 2,
  });
});

test('compare: the streams whose state differs between two versions, field by field, with the first event where they diverge', async () => {
  // The new fold forgets that a withdrawal lowers the balance: only stream a has one.
  const buggy = {
    ...account,
    evolve: (state: Account, event: AccountEvent) =>
      event.type === 'Withdrawn' ? state : account.evolve(state, event),
  };
  const error = await failureOf(
    replayHistory(historyFrom(clean, { name: 'accounts' }), {
      upcasters: accountUpcasters,
      compare: { old: { decider: account }, new: { decider: buggy } },
    }),
  );
  expect(error.message.split('\n').slice(1)).toMatchInlineSnapshot(`
    [
      "states that differ between old and new: 1",
      "  - stream a: the new version's state differs from the old one's; they first diverge at accounts record 5 (Withdrawn)",
      "      state.balance: expected 300, received 500",
    ]
  `);
  expect(error.report.failures[0]?.position).toEqual({ source: 'accounts', at: 'record 5' });
});

test('a state that is not cloneable is found even where a fold returns the same object', async () => {
  class Balance {
    constructor(readonly cents: number) {}
  }
  const classy = {
    initialState: () => new Balance(0),
    evolve: (state: Balance) => new Balance(state.cents + 1),
  };
  const error = await failureOf(replayHistory(historyFrom([opened('a')]), { decider: classy }));
  expect(error.report.failures[0]?.message).toMatchInlineSnapshot(
    `"stream a: structuredClone changes the state at the state (class instances lose their prototype, functions and symbols are dropped): a snapshot of it would not fold the same"`,
  );
});

test('options are checked before anything is read, all problems at once', async () => {
  const read = () => {
    throw new Error('the history must not be read');
  };
  const options = { decider: account, projection: { initialState: {}, project: () => undefined }, faults: 1 };
  await expect(
    replayHistory(historyFrom(read), options as never),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`
    [EventspecUsageError: replayHistory(history, options) cannot run:
      - unknown option "faults"; the options are upcasters, decider, projection, processManager, compare, grouping, onBadRecord, checkDeterminism, checkClone, onProgress, progressIntervalMs, keepFailures, locateDivergence, throwOnFailure
      - the options name decider and projection: replay goes through one of them at a time]
  `);
});

test('flags, counts and the progress callback of the wrong type are refused too (onProgress: {} was a raw TypeError)', async () => {
  const read = () => {
    throw new Error('the history must not be read');
  };
  const options = {
    decider: account,
    onProgress: {},
    keepFailures: -1,
    progressIntervalMs: Number.NaN,
    checkClone: 'yes',
    grouping: 1n,
  };
  await expect(
    replayHistory(historyFrom(read), options as never),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`
    [EventspecUsageError: replayHistory(history, options) cannot run:
      - grouping is 'by-stream' or 'interleaved', not 1n
      - checkClone is true or false, not "yes"
      - keepFailures is a whole number ≥ 0 (or Infinity), not -1
      - progressIntervalMs is a number of milliseconds ≥ 0, not NaN
      - onProgress is a function (progress) => void, not {}]
  `);
  await expect(replayHistory(historyFrom(read), null as never)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[EventspecUsageError: replayHistory(history, options) takes its options as an object ({ decider, upcasters, … }), got null]`,
  );
});

test('property: upcast-then-fold equals the fold of the original events, for every history both can read', async () => {
  // The old fold reads v1 deposits as they were stored; the new one reads them upcast to v2.
  const oldFold = {
    initialState: account.initialState,
    evolve: (
      state: Account,
      event: AccountEvent | { type: 'Deposited'; version: 1; data: { cents: string } },
    ) =>
      event.type === 'Deposited' && 'version' in event && event.version === 1
        ? { ...state, balance: state.balance + Number(event.data.cents) }
        : account.evolve(state, event as AccountEvent),
  };
  const storedEvent = fc.oneof(
    fc
      .integer({ min: 0, max: 1000 })
      .map((cents) => ({ type: 'Deposited', version: 1, data: { cents: String(cents) } })),
    fc.integer({ min: 0, max: 1000 }).map((cents) => ({ type: 'Deposited', data: { cents } })),
  );
  const histories = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), storedEvent), { maxLength: 30 });
  await fc.assert(
    fc.asyncProperty(histories, async (events) => {
      const records = events.map(([streamId, event]) => ({ streamId, ...event }));
      const report = await replayHistory(historyFrom(records), {
        compare: {
          old: { decider: oldFold, upcasters: undefined },
          new: { decider: account, upcasters: accountUpcasters },
        },
      });
      expect(report.ok).toBe(true);
    }),
    { seed: 1, numRuns: 100 },
  );
});

test('the property catches an upcaster that loses data', async () => {
  const lossy = defineUpcasters().register('Deposited', 1, () => ({
    type: 'Deposited',
    version: 2,
    data: { cents: 0 },
  }));
  const error = await failureOf(
    replayHistory(historyFrom([opened('a'), deposit('a', 2, 40, 1)], { name: 'accounts' }), {
      decider: account,
      compare: { old: { upcasters: accountUpcasters }, new: { upcasters: lossy } },
    }),
  );
  expect(error.report.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "stream a: the new version's state differs from the old one's; they first diverge at accounts record 2 (Deposited)",
    ]
  `);
});
