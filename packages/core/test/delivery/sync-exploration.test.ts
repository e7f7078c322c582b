import { describe, expect, test } from 'vitest';
import { checkDelivery, type DeliveryCheckError } from '../../src/index.js';
import { type Payment, payment } from './corpus/stores.js';

// A synchronous spec is explored with a synchronous property (no promise per plan): same plans, same
// verdicts, same minimal plan and replay line as the asynchronous exploration of the same handler.
const messages: Payment[] = Array.from({ length: 8 }, (_, i) => payment(`m${i}`, `order-${i % 3}`, 10 + i));
type Ledger = { seen: Set<string>; total: number };
const setup = (): Ledger => ({ seen: new Set(), total: 0 });
const addOnce = (l: Ledger, m: Payment) => {
  if (l.seen.has(m.id)) return;
  l.seen.add(m.id);
  l.total += m.data.amount;
};
const add = (l: Ledger, m: Payment) => {
  l.total += m.data.amount;
};
/** The same handler three ways: synchronous, always asynchronous, asynchronous only on a redelivery. */
const variants = (body: (l: Ledger, m: Payment) => void) => ({
  sync: (l: Ledger, m: Payment) => body(l, m),
  async: async (l: Ledger, m: Payment) => body(l, m),
  asyncOnRedelivery: (l: Ledger, m: Payment, d: { attempt: number }) =>
    d.attempt > 1 ? Promise.resolve().then(() => body(l, m)) : body(l, m),
});
const check = (
  handle: (l: Ledger, m: Payment, d: { attempt: number }) => void | Promise<void>,
  seed: number,
) =>
  checkDelivery({
    messages,
    setup,
    handle,
    observe: (l: Ledger) => l.total,
    faults: { duplicate: true, reorder: 'across-keys' },
    runs: 300,
    seed,
    timelineDir: false,
  }).then(
    (report) => `passed ${report.runs} runs`,
    (error: DeliveryCheckError) => `${error.code} ${error.verdict}\n${error.message}`,
  );

describe('synchronous exploration', () => {
  test('a non-idempotent counter: the same failure, word for word, whether the handler is sync or async (10 seeds)', async () => {
    const { sync, async, asyncOnRedelivery } = variants(add);
    for (let seed = 1; seed <= 10; seed++) {
      const expected = await check(async, seed);
      expect(expected).toMatch(/^EVENTSPEC_DELIVERY_\w+ duplicated-effect/);
      expect(await check(sync, seed)).toBe(expected);
      // Synchronous in the reference run, a promise on the first redelivery: explored again asynchronously.
      expect(await check(asyncOnRedelivery, seed)).toBe(expected);
    }
  });

  test('an idempotent handler passes the same runs sync, async or async on redelivery only', async () => {
    const { sync, async, asyncOnRedelivery } = variants(addOnce);
    for (const handle of [sync, async, asyncOnRedelivery])
      expect(await check(handle, 7)).toBe('passed 300 runs');
  });
});
