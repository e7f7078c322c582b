import type { CheckDeliveryOptions, DeliveryPlan, DeliveryVerdict } from '../../../src/index.js';
import { AsyncStore, Ledger, type Payment, payment, payments } from './stores.js';

/** A handler with a known delivery bug, the verdict it must get, and the exact plan it must shrink to. */
export interface BuggyHandler {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each case has its own world
  options: CheckDeliveryOptions<any, Payment>;
  verdict: DeliveryVerdict;
  plan: DeliveryPlan;
}

const clean: DeliveryPlan = {
  delays: [],
  duplicates: [],
  failures: [],
  replays: [],
  zombies: [],
  concurrency: 1,
  interleaving: [],
};
const plan = (parts: Partial<DeliveryPlan>): DeliveryPlan => ({ ...clean, ...parts });
const ledger = {
  setup: () => new Ledger(),
  observe: (l: Ledger) => ({ entries: [...l.entries].sort(), total: l.total }),
};
const store = {
  setup: () => new AsyncStore(),
  observe: (s: AsyncStore) => s.snapshot(),
  crashPoints: (s: AsyncStore) => ({ store: s }),
};
/** Same order, versions out of order of arrival: #1 v1 then #2 v2. */
const statusChanges: Payment[] = [
  payment('s1', 'order-1', 0, { version: 1, status: 'paid' }),
  payment('s2', 'order-1', 0, { version: 2, status: 'refunded' }),
  payment('s3', 'order-2', 0, { version: 1, status: 'paid' }),
];

export const buggyHandlers: BuggyHandler[] = [
  {
    name: 'non-idempotent counter',
    options: { messages: payments, ...ledger, handle: (l: Ledger, m) => l.add(m.id, m.data.amount) },
    verdict: 'duplicated-effect',
    plan: plan({ duplicates: [{ message: 0, after: 0 }] }),
  },
  {
    name: 'dedupe window of one id that a late duplicate slips through',
    options: {
      messages: payments,
      setup: () => ({ ledger: new Ledger(), last: '' }),
      handle: (w: { ledger: Ledger; last: string }, m) => {
        if (w.last === m.id) return;
        w.last = m.id;
        w.ledger.add(m.id, m.data.amount);
      },
      observe: (w: { ledger: Ledger }) => w.ledger.total,
      // Duplicates only: a replay from the commit catches it too (the replay cases are below).
      faults: { replayFromCommit: false },
    },
    verdict: 'duplicated-effect',
    plan: plan({ duplicates: [{ message: 0, after: 1 }] }),
  },
  {
    name: 'last write wins without a version check, under any reordering',
    options: {
      messages: statusChanges,
      setup: () => new Map<string, string>(),
      handle: (w: Map<string, string>, m) => void w.set(m.key, m.data.status!),
      observe: (w: Map<string, string>) => w,
      faults: { reorder: 'any', duplicate: false },
    },
    verdict: 'order-dependent',
    plan: plan({ delays: [{ message: 0, by: 1 }] }),
  },
  {
    name: 'global "first seen" order across keys',
    options: {
      messages: payments,
      setup: () => ({ first: '' }),
      handle: (w: { first: string }, m) => {
        w.first ||= m.key;
      },
      observe: (w: { first: string }) => w.first,
    },
    verdict: 'order-dependent',
    plan: plan({ delays: [{ message: 0, by: 1 }] }),
  },
  {
    name: 'effect and dedupe record written in two steps (effect first), crash after the effect',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        if (l.isProcessed(m.id)) return;
        l.add(m.id, m.data.amount);
        l.markProcessed(m.id);
      },
      crashPoints: (l: Ledger) => ({ ledger: l }),
      faults: { duplicate: false, reorder: false, failBefore: false },
    },
    verdict: 'crash-window-duplicate',
    plan: plan({ failures: [{ message: 0, call: 1, mode: 'crash-after', redeliverAfter: 0 }] }),
  },
  {
    name: 'dedupe record written before the effect, crash in between',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        if (l.isProcessed(m.id)) return;
        l.markProcessed(m.id);
        l.add(m.id, m.data.amount);
      },
      crashPoints: (l: Ledger) => ({ ledger: l }),
      faults: { duplicate: false, reorder: false, failBefore: false },
    },
    verdict: 'lost-effect',
    plan: plan({ failures: [{ message: 0, call: 1, mode: 'crash-after', redeliverAfter: 0 }] }),
  },
  {
    name: 'check-then-act dedupe racing under concurrency',
    options: {
      messages: payments,
      ...store,
      handle: async (s: AsyncStore, m) => {
        if (await s.has(m.id)) return;
        await s.insert(m.id, m.data.amount);
      },
      faults: { reorder: 'any', failBefore: false, crashAfter: false, concurrency: 2 },
    },
    verdict: 'duplicated-effect',
    plan: plan({ duplicates: [{ message: 0, after: 0 }], concurrency: 2 }),
  },
  {
    name: 'lost update on a shared total under concurrency',
    options: {
      messages: payments,
      ...store,
      handle: async (s: AsyncStore, m) => {
        if (!(await s.insertOnce(m.id, 0))) return;
        const total = await s.readTotal();
        await s.writeTotal(total + m.data.amount);
      },
      faults: { duplicate: false, reorder: false, failBefore: false, crashAfter: false, concurrency: 2 },
    },
    verdict: 'concurrency-anomaly',
    plan: plan({ concurrency: 2 }),
  },
  {
    name: 'dedupe key that includes the attempt number',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m, delivery) => {
        const key = `${m.id}#${delivery.attempt}`;
        if (l.isProcessed(key)) return;
        l.markProcessed(key);
        l.add(m.id, m.data.amount);
      },
    },
    verdict: 'duplicated-effect',
    plan: plan({ duplicates: [{ message: 0, after: 0 }] }),
  },
  {
    name: 'a handler that swallows a failure and loses the message',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        try {
          l.addOnce(m.id, m.data.amount);
        } catch {
          // "logged"
        }
      },
      crashPoints: (l: Ledger) => ({ ledger: l }),
      faults: { duplicate: false, reorder: false, crashAfter: false },
    },
    verdict: 'lost-effect',
    plan: plan({ failures: [{ message: 0, call: 0, mode: 'fail-before', redeliverAfter: 0 }] }),
  },
  {
    name: 'Date.now() in the result',
    options: {
      messages: payments,
      setup: () => [] as number[],
      handle: (w: number[]) => void w.push(Math.floor(Date.now() / 86_400_000)),
      observe: (w: number[]) => w,
    },
    verdict: 'non-deterministic',
    plan: clean,
  },
  {
    name: 'a random id in the result',
    options: {
      messages: payments,
      setup: () => [] as string[],
      handle: (w: string[], m) => void w.push(`${m.id}-${Math.random().toString(36).slice(2)}`),
      observe: (w: string[]) => w,
    },
    verdict: 'non-deterministic',
    plan: clean,
  },
  {
    name: 'dedupe state kept outside the world',
    // A getter: each check gets its own module-level-like set, shared by all the runs of that check.
    get options() {
      const outsideTheWorld = new Set<string>();
      return {
        messages: payments,
        ...ledger,
        handle: (l: Ledger, m: Payment) => {
          if (outsideTheWorld.has(m.id)) return;
          outsideTheWorld.add(m.id);
          l.add(m.id, m.data.amount);
        },
      };
    },
    verdict: 'non-deterministic',
    plan: clean,
  },
  {
    name: 'a duplicate rejected as an error until it is dead-lettered',
    options: {
      messages: payments,
      ...ledger,
      handle: (l: Ledger, m) => {
        if (l.isProcessed(m.id)) throw new Error(`payment ${m.id} was already captured`);
        l.addOnce(m.id, m.data.amount);
        l.markProcessed(m.id);
      },
    },
    verdict: 'poison-message',
    plan: plan({ duplicates: [{ message: 0, after: 0 }] }),
  },
  {
    name: 'a handler that hangs on a redelivery',
    options: {
      messages: payments,
      ...ledger,
      handle: async (l: Ledger, m, delivery) => {
        if (delivery.redelivered) await new Promise(() => {});
        l.addOnce(m.id, m.data.amount);
      },
      timeout: 20,
    },
    verdict: 'handler-timeout',
    plan: plan({ duplicates: [{ message: 0, after: 0 }] }),
  },
  {
    name: 'a refund applied before its capture is clamped at zero',
    options: {
      messages: [payment('c1', 'order-1', 50), payment('r1', 'order-1', -50), payment('c2', 'order-1', 20)],
      setup: () => ({ balance: 0 }),
      handle: (w: { balance: number }, m) => {
        w.balance = Math.max(0, w.balance + m.data.amount);
      },
      observe: (w: { balance: number }) => w.balance,
      faults: { reorder: 'any', duplicate: false },
    },
    verdict: 'order-dependent',
    plan: plan({ delays: [{ message: 0, by: 1 }] }),
  },
];
