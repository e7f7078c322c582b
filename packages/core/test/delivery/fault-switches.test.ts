import { describe, expect, test } from 'vitest';
import {
  type CheckDeliveryOptions,
  checkDelivery,
  type Delivery,
  type DeliveryFaults,
} from '../../src/index.js';
import { AsyncStore, type Payment, payment } from './corpus/stores.js';

/** Eight messages over three keys. */
const messages = Array.from({ length: 8 }, (_, i) => payment(`m${i}`, `k${i % 3}`, i));

interface Log {
  store: AsyncStore;
  deliveries: { id: string; key: string; attempt: number }[];
  inFlight: Map<string, number>;
  violations: string[];
}

/**
 * Runs 300 plans with `faults` and a handler that only logs; `invariant` looks at each run's deliveries and
 * returns the violations, which become the observation: any violation fails the check with its plan.
 */
async function explore(
  faults: DeliveryFaults,
  invariant: (log: Log) => string[],
  extra: Partial<CheckDeliveryOptions<Log, Payment>> = {},
) {
  let runs = 0;
  await checkDelivery<Log, Payment>({
    messages,
    setup: () => {
      runs++;
      return { store: new AsyncStore(), deliveries: [], inFlight: new Map(), violations: [] };
    },
    handle: async (log: Log, m: Payment, d: Delivery) => {
      log.deliveries.push({ id: m.id, key: m.key, attempt: d.attempt });
      const busy = (log.inFlight.get(m.key) ?? 0) + 1;
      log.inFlight.set(m.key, busy);
      if (busy > 1 && faults.reorder !== 'any')
        log.violations.push(`two deliveries of key ${m.key} in flight`);
      try {
        await log.store.insertOnce(m.id, 0);
      } finally {
        log.inFlight.set(m.key, (log.inFlight.get(m.key) ?? 1) - 1);
      }
    },
    observe: (log) => [...log.violations, ...invariant(log)],
    crashPoints: (log) => ({ store: log.store }),
    faults,
    runs: 300,
    seed: 11,
    timelineDir: false,
    ...extra,
  });
  return runs;
}

const firstDeliveries = (log: Log) => log.deliveries.filter((d) => d.attempt === 1);
const keyOrderBroken = (log: Log) =>
  ['k0', 'k1', 'k2'].flatMap((key) => {
    const seen = firstDeliveries(log)
      .filter((d) => d.key === key)
      .map((d) => d.id);
    const sent = messages.filter((m) => m.key === key).map((m) => m.id);
    return seen.join() === sent.join() ? [] : [`order of ${key}: ${seen.join()}`];
  });

describe('each fault stays behind its own switch', () => {
  test('no faults at all: every plan is the reference delivery', async () => {
    const runs = await explore(
      { duplicate: false, reorder: false, failBefore: false, crashAfter: false, concurrency: 1 },
      (log) =>
        log.deliveries.map((d) => d.id).join() === messages.map((m) => m.id).join() ? [] : ['not in order'],
    );
    expect(runs).toBe(302);
  });

  test("duplicate: 'immediate' delivers a message again right after itself", async () => {
    await explore(
      { duplicate: 'immediate', reorder: false, failBefore: false, crashAfter: false, concurrency: 1 },
      (log) =>
        log.deliveries.flatMap((d, i) =>
          d.attempt > 1 && log.deliveries[i - 1]?.id !== d.id ? [`${d.id} again, later`] : [],
        ),
    );
  });

  test("reorder: 'across-keys' keeps every key's order, also with duplicates, crashes and concurrency", async () => {
    await explore({ reorder: 'across-keys', concurrency: 3 }, keyOrderBroken);
  });

  test("reorder: 'any' does break a key's order (the switch is not inert)", async () => {
    await expect(
      explore(
        { reorder: 'any', duplicate: false, failBefore: false, crashAfter: false, concurrency: 1 },
        keyOrderBroken,
      ),
    ).rejects.toMatchObject({
      verdict: 'order-dependent',
      plan: { delays: [{ message: 0, by: 3 }] },
    });
  });

  test("with reorder: 'any', two deliveries of one key do overlap (so the check above is not vacuous)", async () => {
    let overlapped = 0;
    await explore(
      { reorder: 'any', concurrency: 3 },
      (log) => {
        if ([...log.inFlight.values()].some((n) => n < 0)) return ['bookkeeping'];
        return [];
      },
      {
        handle: async (log: Log, m: Payment) => {
          const busy = (log.inFlight.get(m.key) ?? 0) + 1;
          log.inFlight.set(m.key, busy);
          if (busy > 1) overlapped++;
          try {
            await log.store.insertOnce(m.id, 0);
          } finally {
            log.inFlight.set(m.key, (log.inFlight.get(m.key) ?? 1) - 1);
          }
        },
      },
    );
    expect(overlapped).toBeGreaterThan(0);
  });

  test('concurrency 1 never overlaps two deliveries', async () => {
    await explore({ concurrency: 1 }, (log) => (log.violations.length > 0 ? ['overlap'] : []), {
      handle: async (log: Log, m: Payment, d: Delivery) => {
        log.deliveries.push({ id: m.id, key: m.key, attempt: d.attempt });
        if (log.inFlight.get('any')) log.violations.push('overlap');
        log.inFlight.set('any', 1);
        try {
          await log.store.insertOnce(m.id, 0);
        } finally {
          log.inFlight.set('any', 0);
        }
      },
    });
  });
});
