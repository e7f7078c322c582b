import { afterEach, describe, expect, test } from 'vitest';
import { checkDelivery, type Message, onSpecRecord, type SpecRecord } from '../../src/index.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

const messages: Message<{ amount: number }>[] = [1, 2].map((n) => ({
  id: `m-${n}`,
  type: 'Deposited',
  key: `a-${n}`,
  data: { amount: n },
}));

describe('delivery records', () => {
  test('a passing and a failing delivery check leave what the report shows', async () => {
    const records: SpecRecord[] = [];
    stop = onSpecRecord((record) => records.push(record));
    await checkDelivery({
      name: 'deduplicating ledger',
      messages,
      setup: () => ({ seen: new Set<string>(), total: 0 }),
      handle: (world, message) => {
        if (world.seen.has(message.id)) return;
        world.seen.add(message.id);
        world.total += message.data.amount;
      },
      observe: (world) => world.total,
      runs: 20,
      seed: 3,
    });
    await expect(
      checkDelivery({
        name: 'naive ledger',
        messages,
        setup: () => ({ total: 0 }),
        handle: (world, message) => {
          world.total += message.data.amount;
        },
        observe: (world) => world.total,
        seed: 3,
        timelineDir: false,
      }),
    ).rejects.toThrow();
    expect(records).toEqual([
      {
        kind: 'delivery',
        subject: 'deduplicating ledger',
        messages: 2,
        faults: 'duplicates, reordering across keys, replays from the last commit, 2 in flight',
        plans: 20,
        seed: 3,
        status: 'passed',
      },
      expect.objectContaining({
        kind: 'delivery',
        subject: 'naive ledger',
        status: 'failed',
        verdict: 'a duplicated effect',
        timeline: expect.arrayContaining([expect.stringContaining('again (duplicate)')]),
      }),
    ]);
  });
});
