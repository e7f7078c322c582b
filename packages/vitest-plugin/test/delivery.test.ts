import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryFaults, Message } from '@eventspec/core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { deliveryTest, runDeliveryCheck } from '../src/delivery/index.js';

type Payment = Message<{ amount: number }>;
const payments: Payment[] = [
  { id: 'p1', type: 'PaymentCaptured', key: 'order-1', data: { amount: 10 } },
  { id: 'p2', type: 'PaymentCaptured', key: 'order-2', data: { amount: 20 } },
];
const world = () => ({ seen: new Set<string>(), total: 0 });
type World = ReturnType<typeof world>;

const idempotent = {
  messages: payments,
  setup: world,
  handle: (w: World, m: Payment) => {
    if (w.seen.has(m.id)) return;
    w.seen.add(m.id);
    w.total += m.data.amount;
  },
  observe: (w: World) => w.total,
  seed: 3,
  timelineDir: false as const,
};
const naive = {
  ...idempotent,
  handle: (w: World, m: Payment) => {
    w.total += m.data.amount;
  },
};

describe('toSurviveDelivery', () => {
  test('passes for a handler that deduplicates, with or without extra faults', async () => {
    // #region matcher
    await expect(idempotent).toSurviveDelivery();
    await expect(idempotent).toSurviveDelivery({ reorder: 'any' });
    // #endregion matcher
  });

  test('.not passes for a handler that does not', async () => {
    await expect(naive).not.toSurviveDelivery();
  });

  test('its failure is the delivery report: verdict, minimal plan, diff, replay seed, hint', async () => {
    await expect(
      expect(naive).toSurviveDelivery({ reorder: false }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: checkDelivery found a duplicated effect: delivering a message more than once changed the result.

      Delivery plan (found after 1 plan, shrunk 5 times, simplified 1 time):
        1. deliver #1 PaymentCaptured key "order-1"
        2. deliver #1 PaymentCaptured key "order-1" again (duplicate), attempt 2
        3. deliver #2 PaymentCaptured key "order-2"

      Result against the reference run (every message once, in order):
        (the value itself): expected 30, received 40

      Replay: checkDelivery({ ...options, plan: { duplicates: [{ message: 0, after: 0 }] } })
      Search: checkDelivery({ ...options, seed: 3, path: "0:0:1:1:1:1" }) finds it again
      Hint: Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.]
    `);
  });

  test('.not says how much was explored when the handler survives', async () => {
    await expect(expect(idempotent).not.toSurviveDelivery()).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: expected the handler not to survive delivery, but it gave the reference result under all 100 delivery plans (seed 3)]`,
    );
  });

  test('is typed as an async matcher taking delivery faults', () => {
    expectTypeOf(expect(idempotent).toSurviveDelivery)
      .parameter(0)
      .toEqualTypeOf<DeliveryFaults | undefined>();
    const faults = { reorder: 'sometimes' } as const;
    // @ts-expect-error reorder is 'across-keys' | 'any' | false
    const checked = expect(idempotent).toSurviveDelivery(faults);
    void checked.catch(() => {});
  });
});

// #region delivery-test
deliveryTest('deliveryTest: a delivery check written as a test', idempotent);
// #endregion delivery-test
deliveryTest('deliveryTest: options can be built lazily', () => ({ ...idempotent, runs: 20 }), 10_000);

describe('runDeliveryCheck reports into the test', () => {
  test('a passing check leaves an annotation with the plans explored and the seed', async (context) => {
    await runDeliveryCheck(context, idempotent);
    expect(context.task.annotations.map(({ type, message }) => ({ type, message }))).toEqual([
      { type: 'eventspec:delivery', message: 'checkDelivery: 100 delivery plans passed (seed 3)' },
    ]);
  });

  test('a failing check attaches its SVG timeline and names the verdict and the replay seed', async (context) => {
    const timelineDir = mkdtempSync(join(tmpdir(), 'eventspec-delivery-'));
    await expect(runDeliveryCheck(context, { ...naive, timelineDir })).rejects.toMatchObject({
      verdict: 'duplicated-effect',
    });
    expect(
      context.task.annotations.map(({ type, message, attachment }) => ({
        type,
        message,
        contentType: attachment?.contentType,
      })),
    ).toEqual([
      {
        type: 'eventspec:delivery',
        message: 'checkDelivery: duplicated-effect — replay with seed 3, path "0:0:0:1:1:1:1"',
        contentType: 'image/svg+xml',
      },
    ]);
  });
});
