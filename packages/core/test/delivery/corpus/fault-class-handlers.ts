import { MessageRejected } from '../../../src/index.js';
import type { BuggyHandler } from './buggy-handlers.js';
import type { CorrectHandler } from './correct-handlers.js';
import { AsyncStore, KeyLocks, Ledger, type Payment, payment, payments, SlowStore } from './stores.js';

const plan = (parts: Partial<BuggyHandler['plan']>): BuggyHandler['plan'] => ({
  delays: [],
  duplicates: [],
  failures: [],
  replays: [],
  zombies: [],
  concurrency: 1,
  interleaving: [],
  ...parts,
});

type Deduping = { ledger: Ledger; seen: Set<string> };
type Locked = { store: AsyncStore; locks: KeyLocks };
const lockedInsert = async (w: Locked, m: Payment) => {
  const release = await w.locks.acquire(m.key);
  try {
    if (await w.store.has(m.id)) return;
    await w.store.insert(m.id, m.data.amount);
  } finally {
    release();
  }
};
const hourMs = 3_600_000;
/** Sums per key; the dedupe record and the increment are one atomic call. */
class Counters {
  readonly byKey = new Map<string, number>();
  private readonly processed = new Set<string>();

  async seen(id: string): Promise<boolean> {
    return this.processed.has(id);
  }
  async incrementOnce(id: string, key: string, amount: number): Promise<void> {
    if (this.processed.has(id)) return;
    this.processed.add(id);
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + amount);
  }
}

/** Two deposits on two accounts, each followed by a total read across both accounts. */
const deposits: Payment[] = [payment('d1', 'account-x', 10), payment('d2', 'account-y', 20)];

/** One handler per fault class a real broker produces, each with the one plan that shows it. */
export const faultClassBugs: BuggyHandler[] = [
  {
    name: 'dedupe by the last id of each key, under a replay from the last commit',
    options: {
      messages: payments,
      setup: () => ({ ledger: new Ledger(), last: new Map<string, string>() }),
      handle: (w: { ledger: Ledger; last: Map<string, string> }, m) => {
        if (w.last.get(m.key) === m.id) return;
        w.last.set(m.key, m.id);
        w.ledger.add(m.id, m.data.amount);
      },
      observe: (w: { ledger: Ledger }) => w.ledger.total,
    },
    verdict: 'duplicated-effect',
    plan: plan({ replays: [{ message: 2, commitEvery: 2 }] }),
  },
  {
    name: 'a dedupe cache in process memory, lost on restart',
    options: {
      // #region restart-hook
      messages: payments,
      // The ledger is durable; `seen` lives in the consumer's memory and is gone after a restart.
      setup: (): Deduping => ({ ledger: new Ledger(), seen: new Set() }),
      restart: (w: Deduping) => {
        w.seen = new Set();
      },
      handle: (w: Deduping, m) => {
        if (w.seen.has(m.id)) return;
        w.seen.add(m.id);
        w.ledger.add(m.id, m.data.amount);
      },
      observe: (w: Deduping) => w.ledger.total,
      // #endregion restart-hook
    },
    verdict: 'duplicated-effect',
    plan: plan({ replays: [{ message: 0, commitEvery: 1 }] }),
  },
  {
    name: 'an in-process per-key lock around check-then-act, beside a zombie',
    options: {
      messages: payments,
      setup: (): Locked => ({ store: new AsyncStore(), locks: new KeyLocks() }),
      restart: (w: Locked) => {
        w.locks = new KeyLocks();
      },
      handle: lockedInsert,
      observe: (w: Locked) => w.store.snapshot(),
      crashPoints: (w: Locked) => ({ store: w.store }),
      faults: { zombie: true, failBefore: false, crashAfter: false },
    },
    verdict: 'duplicated-effect',
    plan: plan({ zombies: [{ message: 0 }] }),
  },
  {
    name: 'a dedupe record that expires after an hour',
    options: {
      messages: payments,
      setup: () => ({ ledger: new Ledger(), expires: new Map<string, number>() }),
      handle: (w: { ledger: Ledger; expires: Map<string, number> }, m, delivery) => {
        const now = delivery.deliveredAt.getTime();
        if ((w.expires.get(m.id) ?? 0) > now) return;
        w.expires.set(m.id, now + hourMs);
        w.ledger.add(m.id, m.data.amount);
      },
      observe: (w: { ledger: Ledger }) => w.ledger.total,
    },
    verdict: 'duplicated-effect',
    plan: plan({ duplicates: [{ message: 0, after: 0, lateBy: hourMs - 1000 }] }),
  },
  {
    name: 'a total read across two accounts while another deposit is half done (I/O latency)',
    options: {
      messages: deposits,
      setup: () => new SlowStore(),
      handle: async (s: SlowStore, m) => {
        await s.add(m.key, m.data.amount);
        const total = (await s.read('account-x')) + (await s.read('account-y'));
        await s.writeTotal(total);
      },
      observe: (s: SlowStore) => s.snapshot(),
      crashPoints: (s: SlowStore) => ({ store: s }),
      // Only deliveries in flight at once: no duplicate, no reordering, no failure.
      faults: { duplicate: false, reorder: false, failBefore: false, crashAfter: false },
      // A race that needs five steps in one order among thousands: more plans than the default 100.
      runs: 500,
    },
    verdict: 'concurrency-anomaly',
    plan: plan({ concurrency: 2, interleaving: [1, 1, 0, 1, 1] }),
  },
];

/** Correct handlers that look like the buggy ones above: never flagged. */
export const faultClassLookAlikes: CorrectHandler[] = [
  {
    name: 'commutative per-key counters with a durable dedupe, under every fault',
    options: {
      messages: payments,
      setup: () => new Counters(),
      handle: async (c: Counters, m) => {
        if (await c.seen(m.id)) return;
        await c.incrementOnce(m.id, m.key, m.data.amount);
      },
      observe: (c: Counters) => Object.fromEntries([...c.byKey].sort()),
      crashPoints: (c: Counters) => ({ counters: c }),
      faults: { reorder: 'any', concurrency: 3 },
    },
  },
  {
    name: 'an upsert guarded by the version, under replays, late duplicates and any order',
    options: {
      messages: [
        payment('v1', 'order-1', 0, { version: 1, status: 'paid' }),
        payment('v2', 'order-1', 0, { version: 2, status: 'shipped' }),
        payment('v3', 'order-2', 0, { version: 1, status: 'paid' }),
        payment('v4', 'order-1', 0, { version: 3, status: 'delivered' }),
      ],
      setup: () => new Map<string, { version: number; status: string }>(),
      handle: async (w: Map<string, { version: number; status: string }>, m) => {
        await Promise.resolve();
        if ((w.get(m.key)?.version ?? 0) >= m.data.version!) return;
        w.set(m.key, { version: m.data.version!, status: m.data.status! });
      },
      observe: (w: Map<string, unknown>) => Object.fromEntries(w),
      faults: { reorder: 'any', concurrency: 2 },
    },
  },
  {
    name: 'a per-key lock every consumer shares around check-then-act, with zombies',
    options: {
      messages: payments,
      setup: (): Locked => ({ store: new AsyncStore(), locks: new KeyLocks() }),
      handle: lockedInsert,
      observe: (w: Locked) => w.store.snapshot(),
      crashPoints: (w: Locked) => ({ store: w.store }),
      faults: { zombie: true, reorder: 'any', concurrency: 3, failBefore: false, crashAfter: false },
    },
  },
  {
    name: 'a handler that parks invalid messages on purpose (expectDeadLetters)',
    options: {
      messages: [...payments, payment('neg', 'order-2', -5), payment('nan', 'order-4', Number.NaN)],
      setup: () => new Ledger(),
      // #region expect-dead-letters
      handle: (l: Ledger, m) => {
        if (!(m.data.amount >= 0)) throw new MessageRejected(`payment ${m.id} has an invalid amount`);
        l.addOnce(m.id, m.data.amount);
      },
      expectDeadLetters: (m) => !(m.data.amount >= 0),
      // #endregion expect-dead-letters
      observe: (l: Ledger) => ({ entries: [...l.entries].sort(), total: l.total }),
      crashPoints: (l: Ledger) => ({ ledger: l }),
      faults: { reorder: 'any', concurrency: 2 },
    },
  },
  {
    name: 'a dedupe cache in process memory backed by a durable check, under restarts',
    options: {
      messages: payments,
      setup: (): Deduping => ({ ledger: new Ledger(), seen: new Set() }),
      restart: (w: Deduping) => {
        w.seen = new Set();
      },
      handle: (w: Deduping, m) => {
        if (w.seen.has(m.id)) return;
        w.ledger.addOnce(m.id, m.data.amount);
        w.seen.add(m.id);
      },
      observe: (w: Deduping) => ({ entries: [...w.ledger.entries].sort(), total: w.ledger.total }),
      crashPoints: (w: Deduping) => ({ ledger: w.ledger }),
    },
  },
];
