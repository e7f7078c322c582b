import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkDelivery, type DeliveryCheckError, MessageRejected } from '../../src/index.js';
import { AsyncStore, Ledger, type Payment, payment } from './corpus/stores.js';

/** Messages with unique ids over a few keys, positive amounts. */
const paymentLists = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,6}$/),
      key: fc.constantFrom('a', 'b', 'c'),
      amount: fc.integer({ min: 1, max: 500 }),
    }),
    { minLength: 1, maxLength: 12, selector: (p) => p.id },
  )
  .map((list) => list.map(({ id, key, amount }) => payment(id, key, amount)));

const ledger = {
  setup: () => new Ledger(),
  observe: (l: Ledger) => ({ entries: [...l.entries].sort(), total: l.total }),
  crashPoints: (l: Ledger) => ({ ledger: l }),
};

describe('the delivery check checks its own laws', () => {
  test('a handler that deduplicates by message id atomically passes under every fault', async () => {
    await fc.assert(
      fc.asyncProperty(paymentLists, fc.integer(), async (messages, seed) => {
        await checkDelivery({
          messages,
          ...ledger,
          handle: (l: Ledger, m: Payment) => l.addOnce(m.id, m.data.amount),
          faults: { reorder: 'any', concurrency: 3 },
          runs: 40,
          seed,
          timelineDir: false,
        });
      }),
      { numRuns: 40, seed: 20_261_128 },
    );
  });

  test('so does one whose check-and-insert is one atomic async call, under concurrency and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(paymentLists, fc.integer(), async (messages, seed) => {
        await checkDelivery({
          messages,
          setup: () => new AsyncStore(),
          handle: async (s: AsyncStore, m: Payment) => {
            if (await s.has(m.id)) return;
            await s.insertOnce(m.id, m.data.amount);
          },
          observe: (s: AsyncStore) => s.snapshot(),
          crashPoints: (s: AsyncStore) => ({ store: s }),
          faults: { reorder: 'any', concurrency: 3 },
          runs: 30,
          seed,
          timelineDir: false,
        });
      }),
      { numRuns: 30, seed: 20_261_128 },
    );
  });

  test('a counter with no dedupe is always caught under duplicates, shrunk to one duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(paymentLists, fc.integer(), async (messages, seed) => {
        const error = await checkDelivery({
          messages,
          ...ledger,
          handle: (l: Ledger, m: Payment) => l.add(m.id, m.data.amount),
          faults: { duplicate: true, reorder: false, failBefore: false, crashAfter: false },
          seed,
          timelineDir: false,
        }).then(
          () => undefined,
          (thrown: DeliveryCheckError) => thrown,
        );
        expect(error?.verdict).toBe('duplicated-effect');
        expect(error?.plan).toEqual({
          delays: [],
          duplicates: [{ message: 0, after: 0 }],
          failures: [],
          replays: [],
          zombies: [],
          concurrency: 1,
          interleaving: [],
        });
      }),
      { numRuns: 40, seed: 20_261_128 },
    );
  });

  test('generated messages shrink too: the smallest message list that fails', async () => {
    const error = await checkDelivery({
      messages: paymentLists,
      ...ledger,
      // Deduplicates, except for big payments: a bug only some messages show.
      handle: (l: Ledger, m: Payment) =>
        m.data.amount > 400 ? l.add(m.id, m.data.amount) : l.addOnce(m.id, m.data.amount),
      // Duplicates only (a crash after the effect shows the same bug as a crash-window duplicate).
      faults: { reorder: false, concurrency: 1, crashAfter: false },
      seed: 3,
      runs: 300,
      timelineDir: false,
    }).then(
      () => undefined,
      (thrown: DeliveryCheckError) => thrown,
    );
    expect(error?.verdict).toBe('duplicated-effect');
    expect(error?.messages).toEqual([payment('0', 'a', 401)]);
    expect(error?.plan.duplicates).toEqual([{ message: 0, after: 0 }]);
  });

  test('a mistake in the check with generated messages stops at once, unshrunk', async () => {
    let observed = 0;
    const error = await checkDelivery({
      messages: paymentLists,
      ...ledger,
      handle: (l: Ledger, m: Payment) => l.addOnce(m.id, m.data.amount),
      observe: () => {
        observed++;
        throw new Error('broken observe');
      },
      seed: 1,
      timelineDir: false,
    }).then(
      () => undefined,
      (thrown: Error & { code?: string }) => thrown,
    );
    expect([error?.code, observed]).toEqual(['EVENTSPEC_DELIVERY_CALLBACK_FAILED', 1]);
  });

  test('a failure replays exactly from its seed and path', async () => {
    const options = {
      messages: [payment('p1', 'a', 5), payment('p2', 'b', 7), payment('p3', 'a', 9)],
      ...ledger,
      handle: (l: Ledger, m: Payment, delivery: { attempt: number }) => {
        if (delivery.attempt === 1) l.addOnce(m.id, m.data.amount);
        else l.add(`${m.id}!`, m.data.amount);
      },
      timelineDir: false as const,
    };
    const first = await checkDelivery({ ...options, seed: 5 }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    const replayed = await checkDelivery({ ...options, seed: first.seed!, path: first.path! }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect(replayed.plan).toEqual(first.plan);
    expect(replayed.timeline).toEqual(first.timeline);
    expect(replayed.message).toContain(`Delivery plan (found after 1 plan, shrunk 0 times`);
  });

  test('the printed plan replays exactly: as data, with the `plan` option', async () => {
    const options = {
      messages: [payment('p1', 'a', 5), payment('p2', 'b', 7)],
      ...ledger,
      handle: (l: Ledger, m: Payment) => l.add(m.id, m.data.amount),
      timelineDir: false as const,
    };
    const replayed = await checkDelivery({
      ...options,
      plan: { duplicates: [{ message: 1, after: 0 }] },
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect(replayed.message.split('\n').slice(0, 6)).toEqual([
      'checkDelivery found a duplicated effect: delivering a message more than once changed the result.',
      '',
      'Delivery plan (replayed):',
      '  1. deliver #1 PaymentCaptured key "a"',
      '  2. deliver #2 PaymentCaptured key "b"',
      '  3. deliver #2 PaymentCaptured key "b" again (duplicate), attempt 2',
    ]);
    await expect(checkDelivery({ ...options, plan: {} })).resolves.toEqual({
      runs: 1,
      seed: undefined,
      poisonMessages: [],
    });
    await expect(checkDelivery({ ...options, plan: { delays: [{ message: 2, by: 1 }] } })).rejects.toThrow(
      'every `plan` fault names a message index from 0 to 1',
    );
  });

  test('a message dead-lettered in the reference run fails the check, unless expectDeadLetters parks it', async () => {
    const poison = payment('bad', 'a', Number.NaN);
    const options = {
      messages: [payment('p1', 'a', 5), poison],
      ...ledger,
      handle: (l: Ledger, m: Payment) => {
        if (Number.isNaN(m.data.amount)) throw new Error('no amount');
        l.addOnce(m.id, m.data.amount);
      },
      seed: 1,
      timelineDir: false as const,
    };
    const error = await checkDelivery(options).then(
      () => undefined,
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error?.verdict, error?.seed, error?.message.split('\n')[0]]).toEqual([
      'poison-message',
      1,
      'checkDelivery found a poison message: #2 PaymentCaptured was dead-lettered in the reference run (every message once, in order): the handler rejects it on every delivery.',
    ]);
    for (const expectDeadLetters of [['bad'], (m: Payment) => Number.isNaN(m.data.amount)]) {
      const report = await checkDelivery({ ...options, expectDeadLetters });
      expect(report).toEqual({ runs: 100, seed: 1, poisonMessages: [poison] });
    }
  });
});

describe('worlds built and read asynchronously', () => {
  test('an async setup and observe (a database to open and query) work like sync ones', async () => {
    const error = await checkDelivery({
      messages: [payment('p1', 'a', 5), payment('p2', 'b', 7)],
      setup: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return new Ledger();
      },
      handle: (l: Ledger, m: Payment) => l.add(m.id, m.data.amount),
      observe: async (l: Ledger) => l.total,
      seed: 1,
      timelineDir: false,
    }).then(
      () => undefined,
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error?.verdict, error?.plan.duplicates, error?.actual, error?.expected]).toEqual([
      'duplicated-effect',
      [{ message: 0, after: 0 }],
      17,
      12,
    ]);
  });
});

describe('checks running at the same time', () => {
  test('share the shifted clock of their determinism checks and give the real clock back', async () => {
    const RealDate = Date;
    const check = (seed: number) =>
      checkDelivery({
        messages: [payment('p1', 'a', 5), payment('p2', 'b', 7)],
        ...ledger,
        handle: async (l: Ledger, m: Payment) => {
          await new Promise((resolve) => setImmediate(resolve));
          l.addOnce(m.id, m.data.amount);
        },
        runs: 20,
        seed,
        timelineDir: false,
      });
    await Promise.all([check(1), check(2), check(3)]);
    expect(Date).toBe(RealDate);
  });
});

describe('rejecting a message for good', () => {
  test('MessageRejected dead-letters at once, without the remaining attempts', async () => {
    const attempts: number[] = [];
    const report = await checkDelivery({
      messages: [payment('p1', 'a', 5), payment('bad', 'a', -1)],
      ...ledger,
      handle: (l: Ledger, m: Payment, delivery) => {
        if (m.data.amount < 0) {
          attempts.push(delivery.attempt);
          throw new MessageRejected(`negative amount in ${m.id}`);
        }
        l.addOnce(m.id, m.data.amount);
      },
      faults: { duplicate: false },
      expectDeadLetters: ['bad'],
      runs: 10,
      seed: 1,
      timelineDir: false,
    });
    expect(report.poisonMessages.map((m) => m.id)).toEqual(['bad']);
    expect(new Set(attempts)).toEqual(new Set([1]));
  });
});
