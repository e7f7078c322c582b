import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type CheckDeliveryOptions, checkDelivery, type DeliveryCheckError } from '../../src/index.js';
import { AsyncStore, Ledger, type Payment, payments } from './corpus/stores.js';

async function failureOf<W>(options: CheckDeliveryOptions<W, Payment>): Promise<DeliveryCheckError> {
  return checkDelivery({ seed: 7, timelineDir: false, ...options }).then(
    () => expect.unreachable('checkDelivery should have failed'),
    (error: DeliveryCheckError) => error,
  );
}

const counter = {
  messages: payments,
  setup: () => new Ledger(),
  handle: (l: Ledger, m: Payment) => l.add(m.id, m.data.amount),
  observe: (l: Ledger) => ({ total: l.total }),
};

describe('what a failed delivery check prints', () => {
  test('a duplicated effect: numbered timeline, diff, replay, hint', async () => {
    const error = await failureOf({ ...counter, name: 'payment counter' });
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a duplicated effect in "payment counter": delivering a message more than once changed the result.

      Delivery plan (found after 2 plans, shrunk 5 times, simplified 1 time):
        1. deliver #1 PaymentCaptured key "order-1"
        2. deliver #1 PaymentCaptured key "order-1" again (duplicate), attempt 2
        3–5. deliver #2 to #4 in order

      Result against the reference run (every message once, in order):
        total: expected 100, received 110

      Replay: checkDelivery({ ...options, plan: { duplicates: [{ message: 0, after: 0 }] } })
      Search: checkDelivery({ ...options, seed: 7, path: "1:0:1:1:1:1" }) finds it again
      Hint: Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive."
    `);
    expect({ actual: error.actual, expected: error.expected }).toEqual({
      actual: { total: 110 },
      expected: { total: 100 },
    });
  });

  test('a crash-window duplicate names the crash point', async () => {
    const error = await failureOf({
      ...counter,
      handle: (l: Ledger, m: Payment) => {
        if (l.isProcessed(m.id)) return;
        l.add(m.id, m.data.amount);
        l.markProcessed(m.id);
      },
      crashPoints: (l: Ledger) => ({ ledger: l }),
      faults: { duplicate: false, reorder: false, failBefore: false },
    });
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (found after 6 plans, shrunk 1 time):
        1. deliver #1 PaymentCaptured key "order-1" → crash after ledger.add(): the effect happened, the ack did not
        2. deliver #1 PaymentCaptured key "order-1" again (redelivered), attempt 2
        3–5. deliver #2 to #4 in order

      Result against the reference run (every message once, in order):
        total: expected 100, received 110

      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 0, call: 1, mode: "crash-after", redeliverAfter: 0 }] } })
      Search: checkDelivery({ ...options, seed: 7, path: "5:2" }) finds it again
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  });

  test('an interleaving is printed step by step', async () => {
    const error = await failureOf({
      messages: payments.slice(0, 2),
      setup: () => new AsyncStore(),
      handle: async (s: AsyncStore, m: Payment) => {
        const total = await s.readTotal();
        await s.writeTotal(total + m.data.amount);
      },
      observe: (s: AsyncStore) => s.total,
      crashPoints: (s: AsyncStore) => ({ store: s }),
      faults: { duplicate: false, reorder: false, failBefore: false, crashAfter: false },
    });
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a concurrency anomaly: deliveries in flight at once (nothing duplicated, failed or reordered) changed the result.

      Delivery plan (found after 1 plan, shrunk 1 time):
        1. start #1 PaymentCaptured key "order-1"
        2. start #2 PaymentCaptured key "order-2"
        3. #1 calls store.readTotal()
        4. #2 calls store.readTotal()
        5. #1 calls store.writeTotal()
        6. #1 acked
        7. #2 calls store.writeTotal()
        8. #2 acked

      Result against the reference run (every message once, in order):
        (the value itself): expected 30, received 20

      Replay: checkDelivery({ ...options, plan: { concurrency: 2 } })
      Search: checkDelivery({ ...options, seed: 7, path: "0:1" }) finds it again
      Hint: Deliveries in flight at once interleaved their reads and writes: use an atomic update, a version check or a transaction, or a lock that every consumer shares."
    `);
  });

  test('a non-deterministic handler is reported on its own, before any plan', async () => {
    const error = await failureOf({
      messages: payments.slice(0, 2),
      setup: () => ({ at: [] as string[] }),
      handle: (w: { at: string[] }) => void w.at.push(new Date().toISOString().slice(0, 10)),
      observe: (w: { at: string[] }) => w.at,
    });
    expect(error.message.replace(/\d{4}-\d\d-\d\d/g, 'YYYY-MM-DD')).toMatchInlineSnapshot(`
      "checkDelivery found a non-deterministic handler: two reference runs (every message once, in order; the second with the clock 1 day 12 h 7 min 13.457 s ahead) gave different results, so no delivery plan was explored.

      Second reference run against the first:
        [0]: expected "YYYY-MM-DD", received "YYYY-MM-DD"
        [1]: expected "YYYY-MM-DD", received "YYYY-MM-DD"

      Replay: checkDelivery({ ...options, seed: 7 })
      Hint: Take time and randomness from the message itself (a timestamp in its data or headers), not from Date.now(), new Date() or Math.random(), and keep no state outside the world."
    `);
    expect(error.plan).toEqual({
      delays: [],
      duplicates: [],
      failures: [],
      replays: [],
      zombies: [],
      concurrency: 1,
      interleaving: [],
    });
  });

  test('a handler that hangs in the reference run gets a timeout, not a hung test', async () => {
    const error = await failureOf({
      ...counter,
      handle: async (l: Ledger, m: Payment) => {
        if (m.id === 'p2') await new Promise(() => {});
        l.add(m.id, m.data.amount);
      },
      timeout: 25,
    });
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a handler timeout: delivery of #2 PaymentCaptured (attempt 1) did not settle within 25 ms.

      Reference run (every message once, in order):
        1. deliver #1 PaymentCaptured key "order-1"
        2. deliver #2 PaymentCaptured key "order-2" → never settled (timed out)

      Replay: checkDelivery({ ...options, seed: 7 })
      Hint: A delivery never settled: look for a missing await or resolve, a lock never released, or raise \`timeout\`."
    `);
  });

  test('a delivery that hangs only while another is in flight times out under concurrency', async () => {
    const error = await failureOf({
      messages: payments.slice(0, 2),
      setup: () => ({ store: new AsyncStore(), inFlight: 0 }),
      handle: async (w: { store: AsyncStore; inFlight: number }, m: Payment) => {
        w.inFlight++;
        await w.store.insertOnce(m.id, m.data.amount);
        if (w.inFlight > 1) await new Promise(() => {});
        w.inFlight--;
      },
      observe: (w: { store: AsyncStore }) => w.store.snapshot(),
      crashPoints: (w: { store: AsyncStore }) => ({ store: w.store }),
      faults: { duplicate: false, reorder: false, failBefore: false, crashAfter: false },
      timeout: 25,
    });
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a handler timeout: delivery of #1 PaymentCaptured (attempt 1) did not settle within 25 ms.

      Delivery plan (found after 1 plan, shrunk 1 time):
        1. start #1 PaymentCaptured key "order-1"
        2. start #2 PaymentCaptured key "order-2"
        3. #1 calls store.insertOnce()
        4. #2 calls store.insertOnce()
        5. #1 never settled (timed out)

      Replay: checkDelivery({ ...options, plan: { concurrency: 2 } })
      Search: checkDelivery({ ...options, seed: 7, path: "0:1" }) finds it again
      Hint: A delivery never settled: look for a missing await or resolve, a lock never released, or raise \`timeout\`."
    `);
  });

  test('the SVG timeline is written next to the results and its path printed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'eventspec-delivery-'));
    const error = await failureOf({ ...counter, name: 'payment counter', timelineDir: folder });
    expect(error.svgPath).toBeDefined();
    expect(error.message).toContain(`Timeline picture: ${error.svgPath}`);
    await expect(readFileSync(join(folder, 'payment-counter-7.svg'), 'utf8')).toMatchFileSnapshot(
      './__snapshots__/payment-counter.svg',
    );
  });
});

describe('mistakes in the options are all reported at once', () => {
  test('missing functions, bad numbers, duplicate ids, crash faults without crash points', async () => {
    const bad = {
      messages: [payments[0]!, payments[0]!],
      setup: 'nope',
      runs: 0,
      timeout: -1,
      faults: { concurrency: 0, crashAfter: true },
      path: '1:2',
    } as unknown as CheckDeliveryOptions<unknown, Payment>;
    await expect(checkDelivery(bad)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: checkDelivery cannot run:
        - messages #1 and #2 share the id "p1"; give each message its own id
        - \`setup\` must be a function
        - \`handle\` must be a function
        - \`observe\` must be a function
        - \`faults.concurrency\` must be a whole number ≥ 1
        - \`faults.failBefore\`, \`faults.crashAfter\` and \`faults.zombie\` need \`crashPoints\`: the world's dependencies whose calls may fail, crash or be awaited
        - \`runs\` must be a whole number ≥ 1
        - \`timeout\` must be a finite number of milliseconds > 0
        - \`path\` replays a failure only together with its \`seed\`]
    `);
  });

  test('setup, crashPoints and observe must not throw: only handle may', async () => {
    const observe = () => {
      throw new RangeError('no such table: charges');
    };
    await expect(checkDelivery({ ...counter, observe })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: checkDelivery observe(world) threw RangeError: no such table: charges. Only handle() may throw (that nacks the delivery); setup, crashPoints and observe must build and read the world without failing.]`,
    );
  });

  test('crash points shared between runs', async () => {
    const sharedDb = new Ledger();
    await expect(
      checkDelivery({ ...counter, crashPoints: () => ({ db: sharedDb }) }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: checkDelivery crashPoints(world) returned "db", an object an earlier run already used. Every run needs fresh dependencies: create them in setup(), e.g. setup: () => ({ db: new InMemoryDb() }).]`,
    );
  });

  test('a setup that returns the same world twice', async () => {
    const shared = new Ledger();
    await expect(
      checkDelivery({ ...counter, setup: () => shared }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: checkDelivery setup() returned the same world twice; it must build fresh dependencies for every run, e.g. setup: () => ({ db: new InMemoryDb() }).]`,
    );
  });
});
