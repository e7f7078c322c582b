import type { CheckDeliveryOptions } from '../../../src/index.js';
import { AsyncStore, Ledger, type Payment, payment, payments } from './stores.js';

/** A handler that survives every delivery fault it is checked under. */
export interface CorrectHandler {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each case has its own world
  options: CheckDeliveryOptions<any, Payment>;
}

const everything = { reorder: 'any', concurrency: 3 } as const;
const ledger = {
  setup: () => new Ledger(),
  observe: (l: Ledger) => ({ entries: [...l.entries].sort(), total: l.total }),
  crashPoints: (l: Ledger) => ({ ledger: l }),
};
const versioned: Payment[] = [
  payment('v1', 'order-1', 0, { version: 1, status: 'paid' }),
  payment('v2', 'order-1', 0, { version: 2, status: 'shipped' }),
  payment('v3', 'order-2', 0, { version: 1, status: 'paid' }),
  payment('v4', 'order-1', 0, { version: 3, status: 'delivered' }),
];

export const correctHandlers: CorrectHandler[] = [
  {
    name: 'counter deduplicating by message id in one synchronous step',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => l.addOnce(m.id, m.data.amount),
      faults: everything,
    },
  },
  {
    name: 'upsert keyed by message id',
    options: {
      messages: payments,
      setup: () => new Map<string, number>(),
      handle: (w: Map<string, number>, m) => void w.set(m.id, m.data.amount),
      observe: (w: Map<string, number>) => new Map([...w].sort(([a], [b]) => a.localeCompare(b))),
      faults: everything,
    },
  },
  {
    name: 'last write wins with a version check',
    options: {
      messages: versioned,
      setup: () => new Map<string, { version: number; status: string }>(),
      handle: (w: Map<string, { version: number; status: string }>, m) => {
        if ((w.get(m.key)?.version ?? 0) >= m.data.version!) return;
        w.set(m.key, { version: m.data.version!, status: m.data.status! });
      },
      observe: (w: Map<string, unknown>) => Object.fromEntries(w),
      faults: everything,
    },
  },
  {
    name: 'per-key projection under per-key order',
    options: {
      messages: versioned,
      setup: () => ({}) as Record<string, string[]>,
      handle: (w: Record<string, string[]>, m) => {
        w[m.key] ??= [];
        const history = w[m.key]!;
        if (!history.includes(m.data.status!)) history.push(m.data.status!);
      },
      observe: (w: Record<string, string[]>) => w,
    },
  },
  {
    name: 'effect and dedupe record in one atomic write, under failures and crashes',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        if (l.isProcessed(m.id)) return;
        l.addOnce(m.id, m.data.amount);
      },
    },
  },
  {
    name: 'atomic insert-once under concurrency',
    options: {
      messages: payments,
      setup: () => new AsyncStore(),
      handle: async (s: AsyncStore, m) => {
        if (await s.has(m.id)) return;
        await s.insertOnce(m.id, m.data.amount);
      },
      observe: (s: AsyncStore) => s.snapshot(),
      crashPoints: (s: AsyncStore) => ({ store: s }),
      faults: everything,
    },
  },
  {
    name: 'a handler that lets failures propagate so they are redelivered',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        try {
          l.addOnce(m.id, m.data.amount);
        } catch (error) {
          throw new Error(`could not record ${m.id}`, { cause: error });
        }
      },
      faults: everything,
    },
  },
  {
    name: 'time taken from the message, not the clock',
    options: {
      messages: payments.map((m, i) => ({ ...m, headers: { at: `2024-05-0${i + 1}T10:00:00Z` } })),
      setup: () => new Map<string, Date>(),
      handle: (w: Map<string, Date>, m) => void w.set(m.id, new Date(m.headers!.at!)),
      observe: (w: Map<string, Date>) => Object.fromEntries(w),
      faults: everything,
    },
  },
  {
    name: 'a malformed message always rejected (a poison message in the reference run too)',
    options: {
      messages: [...payments, payment('bad', 'order-9', Number.NaN)],
      ...ledger,
      handle: (l: Ledger, m) => {
        if (Number.isNaN(m.data.amount)) throw new Error(`payment ${m.id} has no amount`);
        l.addOnce(m.id, m.data.amount);
      },
      expectDeadLetters: ['bad'],
      faults: everything,
    },
  },
  {
    name: 'a handler that throws until the order it needs has arrived: retried later, not lost',
    options: {
      messages: [
        payment('placed', 'order-1', 0, { status: 'placed' }),
        payment('captured', 'order-1', 50, { status: 'captured' }),
      ],
      setup: () => ({ placed: new Set<string>(), captured: new Map<string, number>() }),
      handle: (w: { placed: Set<string>; captured: Map<string, number> }, m) => {
        if (m.data.status === 'placed') w.placed.add(m.key);
        else if (!w.placed.has(m.key)) throw new Error(`order ${m.key} is not placed yet`);
        else w.captured.set(m.key, m.data.amount);
      },
      observe: (w: { placed: Set<string>; captured: Map<string, number> }) => w,
      faults: { reorder: 'any' },
    },
  },
];
