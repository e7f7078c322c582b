import { describe, expect, test } from 'vitest';
import { checkDelivery, type DeliveryCheckError } from '../../src/index.js';
import { type Payment, payment } from './corpus/stores.js';

const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

/** Runs `check` over 30 seeds and lists the seeds that failed, with their verdict. */
async function flaggedSeeds(check: (seed: number) => Promise<unknown>): Promise<string[]> {
  const flagged: string[] = [];
  for (const seed of seeds) {
    const error = (await check(seed).then(
      () => undefined,
      (e: unknown) => e,
    )) as DeliveryCheckError | undefined;
    if (error) flagged.push(`seed ${seed}: ${error.code ?? String(error)}`);
  }
  return flagged;
}

describe('a correct handler that throws until an earlier message of its key arrives', () => {
  const messages: Payment[] = [
    payment('placed', 'order-1', 0, { status: 'placed' }),
    payment('captured', 'order-1', 50, { status: 'captured' }),
    payment('shipped', 'order-1', 0, { status: 'shipped' }),
  ];
  type World = { placed: Set<string>; captured: Map<string, number>; shipped: Set<string> };
  test('is never called poisoned over 30 seeds, duplicates and retries counted per copy', async () => {
    const flagged = await flaggedSeeds((seed) =>
      checkDelivery({
        messages,
        setup: (): World => ({ placed: new Set(), captured: new Map(), shipped: new Set() }),
        handle: (w: World, m) => {
          if (m.data.status === 'placed') w.placed.add(m.key);
          else if (!w.placed.has(m.key)) throw new Error(`order ${m.key} is not placed yet`);
          else if (m.data.status === 'captured') w.captured.set(m.key, m.data.amount);
          else if (!w.captured.has(m.key)) throw new Error(`order ${m.key} is not captured yet`);
          else w.shipped.add(m.key);
        },
        observe: (w: World) => w,
        faults: { reorder: 'any' },
        maxAttempts: 3,
        seed,
        timelineDir: false,
      }),
    );
    expect(flagged).toEqual([]);
  });
});
