import { describe, expect, test, vi } from 'vitest';
import { reducePlan } from '../../src/delivery/plan-reducer.js';
import { checkDelivery, type DeliveryCheckError, type DeliveryPlan } from '../../src/index.js';
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

describe('messages: each delivery sees its own frozen copy, the caller never sees a change', () => {
  test('a handler that writes to its message gets a coded error naming the message, on every seed', async () => {
    const messages = [payment('p1', 'order-1', 10.4), payment('p2', 'order-2', 20.6)];
    const before = structuredClone(messages);
    const codes = new Set<string>();
    for (const seed of seeds) {
      const error = (await checkDelivery({
        messages,
        setup: () => [] as number[],
        handle: (w: number[], m) => {
          m.data.amount = Math.round(m.data.amount);
          w.push(m.data.amount);
        },
        observe: (w: number[]) => w,
        seed,
        timelineDir: false,
      }).catch((e: unknown) => e)) as Error & { code?: string };
      codes.add(`${error.code}: ${error.message.split('(')[0]}`);
    }
    expect([...codes]).toEqual([
      'EVENTSPEC_DELIVERY_MESSAGE_MUTATED: checkDelivery: the handler changed message #1 ',
    ]);
    expect(messages).toEqual(before);
    expect(Object.isFrozen(messages[0])).toBe(false);
  });
});

describe('time', () => {
  test('a time-of-day rule read from the wall clock is non-deterministic (the shift is not whole days)', async () => {
    // Pinned, so that the test does not depend on the hour it runs at.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2025, 5, 2, 9, 30) });
    try {
      const verdicts = new Set<string>();
      for (const seed of seeds) {
        const error = (await checkDelivery({
          messages: [payment('p1', 'order-1', 10), payment('p2', 'order-2', 20)],
          setup: () => new Map<string, string>(),
          handle: (w: Map<string, string>, m) => {
            w.set(m.id, new Date().getUTCHours() < 12 ? 'ships today' : 'ships tomorrow');
          },
          observe: (w: Map<string, string>) => Object.fromEntries(w),
          seed,
          timelineDir: false,
        }).catch((e: unknown) => e)) as DeliveryCheckError;
        verdicts.add(`${error?.verdict} seed printed: ${error?.seed === seed}`);
      }
      expect([...verdicts]).toEqual(['non-deterministic seed printed: true']);
    } finally {
      vi.useRealTimers();
    }
  });

  test('deliveries move the virtual clock; retries come after the backoff', async () => {
    const seen: [number, number][] = [];
    await checkDelivery({
      messages: [payment('p1', 'order-1', 10)],
      setup: () => ({ failed: false }),
      handle: (w: { failed: boolean }, _m, delivery) => {
        seen.push([delivery.attempt, delivery.deliveredAt.getTime()]);
        if (!w.failed) {
          w.failed = true;
          throw new Error('not yet');
        }
      },
      observe: () => 'done',
      retryBackoff: (failures) => failures * 60_000,
      faults: { duplicate: false, reorder: false },
      determinismCheck: false,
      plan: {},
      timelineDir: false,
    });
    const start = Date.UTC(2024, 0, 1);
    expect(seen.slice(-2).map(([attempt, at]) => [attempt, at - start])).toEqual([
      [1, 0],
      [2, 61_000],
    ]);
  });
});

describe('bounded time', () => {
  test('a setup that never resolves is a coded error within ten times the timeout', async () => {
    const started = Date.now();
    const error = (await checkDelivery({
      messages: [payment('p1', 'order-1', 10)],
      setup: () => new Promise<never>(() => {}),
      handle: () => {},
      observe: () => 0,
      timeout: 20,
      timelineDir: false,
    }).catch((e: unknown) => e)) as Error & { code?: string };
    expect([error.code, error.message]).toEqual([
      'EVENTSPEC_DELIVERY_CALLBACK_TIMEOUT',
      'checkDelivery setup() did not settle within 1000 ms; it must resolve (look for a missing resolve or a connection that never opens), or raise `timeout`: these may take ten times it, and at least 1 s.',
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('an observe that never resolves is a coded error too', async () => {
    const error = (await checkDelivery({
      messages: [payment('p1', 'order-1', 10)],
      setup: () => ({}),
      handle: () => {},
      observe: () => new Promise<never>(() => {}),
      timeout: 20,
      timelineDir: false,
    }).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.code).toBe('EVENTSPEC_DELIVERY_CALLBACK_TIMEOUT');
  });

  test('a synchronous handler busy longer than the timeout is reported as an overrun at once', async () => {
    const error = (await checkDelivery({
      messages: [payment('p1', 'order-1', 10), payment('p2', 'order-2', 20)],
      setup: () => ({}),
      handle: () => {
        const until = performance.now() + 120;
        while (performance.now() < until) {}
      },
      observe: () => 0,
      timeout: 40,
      seed: 3,
      timelineDir: false,
    }).catch((e: unknown) => e)) as DeliveryCheckError;
    expect([error.verdict, error.message.split('\n')[0]!.replace(/\d+ ms, over/, 'N ms, over')]).toEqual([
      'handler-timeout',
      'checkDelivery found a handler timeout: delivery of #1 PaymentCaptured (attempt 1) ran synchronously for N ms, over the 40 ms `timeout`.',
    ]);
  });

  test('an overrun in the middle of a synchronous plan (a redelivery only) is found and named too', async () => {
    // The synchronous exploration times a run as a whole, and runs it again call by call when it took
    // longer than the timeout: the slow call is still the one named.
    const error = (await checkDelivery({
      messages: Array.from({ length: 12 }, (_, i) => payment(`p${i}`, `order-${i % 3}`, 10 + i)),
      setup: () => ({}),
      handle: (_world, _message, delivery) => {
        if (!delivery.redelivered) return;
        const until = performance.now() + 60;
        while (performance.now() < until) {}
      },
      observe: () => 0,
      faults: { reorder: false, replayFromCommit: false },
      timeout: 40,
      seed: 5,
      timelineDir: false,
    }).catch((e: unknown) => e)) as DeliveryCheckError;
    expect([error.verdict, error.message.split('\n')[0]!.replace(/\d+ ms, over/, 'N ms, over')]).toEqual([
      'handler-timeout',
      'checkDelivery found a handler timeout: delivery of #1 PaymentCaptured (attempt 2) ran synchronously for N ms, over the 40 ms `timeout`.',
    ]);
  });
});

describe('options', () => {
  test('misspelled option keys are refused with the known ones', async () => {
    await expect(
      checkDelivery({
        messages: [payment('p1', 'order-1', 10)],
        setup: () => ({}),
        handle: () => {},
        observe: () => 0,
        faultz: { duplicate: false },
        maxAttempts: Number.POSITIVE_INFINITY,
        faults: { concurency: 2 },
      } as never),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: checkDelivery cannot run:
        - checkDelivery has an unknown option \`faultz\` (did you mean \`faults\`?); known options: messages, setup, handle, observe, equivalent, key, faults, crashPoints, broker, runs, plan, seed, path, maxAttempts, timeout, restart, retryBackoff, expectDeadLetters, determinismCheck, timelineDir, name, causality
        - checkDelivery \`faults\` has an unknown option \`concurency\` (did you mean \`concurrency\`?); known options: duplicate, reorder, failBefore, crashAfter, replayFromCommit, zombie, lateBy, concurrency
        - \`maxAttempts\` must be a whole number ≥ 1 (Infinity would retry a failing message forever)]
    `);
  });

  test('concurrency 0 or -1 is refused', async () => {
    for (const concurrency of [0, -1]) {
      const error = (await checkDelivery({
        messages: [payment('p1', 'order-1', 10)],
        setup: () => ({}),
        handle: () => {},
        observe: () => 0,
        faults: { concurrency },
      }).catch((e: unknown) => e)) as Error & { code?: string };
      expect(error.code).toBe('EVENTSPEC_DELIVERY_BAD_OPTIONS');
    }
  });
});

describe('the shrinker', () => {
  test('merges two delays of one message into one', async () => {
    const fails = async (plan: DeliveryPlan) => {
      const moved = plan.delays.filter((d) => d.message === 0).reduce((sum, d) => sum + d.by, 0);
      return moved >= 4 ? 'fails' : undefined;
    };
    const start: DeliveryPlan = {
      delays: [
        { message: 0, by: 2 },
        { message: 0, by: 2 },
      ],
      duplicates: [],
      failures: [],
      replays: [],
      zombies: [],
      concurrency: 1,
      interleaving: [],
    };
    const { plan } = await reducePlan(start, 'fails', fails);
    expect(plan.delays).toEqual([{ message: 0, by: 4 }]);
  });
});
