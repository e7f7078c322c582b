import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonLinesHistory, ReplayFailedError, replayHistory } from '@eventspec/core/replay';
import { expect, test } from 'vitest';
import { type CustomerOrders, customerOrders, order, orderUpcasters } from '../../src/index.js';
import { recordOrdersHistory } from './record-orders-history.js';

const fixture = fileURLToPath(new URL('./fixtures/orders-history.jsonl', import.meta.url));
// #region replay-decider
const recorded = jsonLinesHistory(fixture, { reviveDates: true });

test('every recorded order stream reads at the latest versions and folds through the order decider', async () => {
  const report = await replayHistory(recorded, { upcasters: orderUpcasters, decider: order });
  expect(report).toMatchObject({ ok: true, events: 32, streams: 12, upcast: 9, unreadable: [] });
});
// #endregion replay-decider

test('the fixture is what the system scenarios record (regenerate it with recordOrdersHistory)', async () => {
  expect(await recordOrdersHistory()).toBe(readFileSync(fixture, 'utf8'));
});

test('the upcast v1 and v2 events keep their stored envelope, and v1 orders read as one legacy line', async () => {
  const seen: object[] = [];
  const spy = {
    initialState: () => null,
    evolve: (_: null, event: object) => {
      seen.push(event);
      return null;
    },
  };
  await replayHistory(recorded, { upcasters: orderUpcasters, decider: spy, checkDeterminism: false });
  const placed = seen.filter((event) => (event as { type: string }).type === 'OrderPlaced');
  expect(placed[0]).toMatchObject({
    type: 'OrderPlaced',
    data: { lines: [{ sku: 'legacy-order-amount', quantity: 1, unitPrice: 12_000 }], total: 12_000 },
  });
  expect(placed[0]).not.toHaveProperty('metadata');
  expect(placed[4]).toMatchObject({
    type: 'OrderPlaced',
    data: { total: 16_000 * 2 },
    metadata: { messageId: expect.stringMatching(/^cmd-o-104\//) },
  });
});

// #region replay-compare
/** A rewrite of the customers' read model that counts what a customer spent when the order is placed. */
const spentAtPlacement: typeof customerOrders = {
  initialState: customerOrders.initialState,
  project(model, event) {
    const next = customerOrders.project(model, event) as CustomerOrders;
    if (event.type === 'OrderPlaced') next.customers.get(event.data.customerId)!.spent += event.data.total;
    return next;
  },
};

test('the rewrite of the read model gives other totals: the first order where they differ is named', async () => {
  const error = await replayHistory(recorded, {
    upcasters: orderUpcasters,
    compare: { old: { projection: customerOrders }, new: { projection: spentAtPlacement } },
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ReplayFailedError);
  expect((error as ReplayFailedError).message.split('\n').slice(1)).toMatchInlineSnapshot(`
    [
      "states that differ between old and new: 1",
      "  - the read model: the new version's state differs from the old one's; they first diverge at orders-history.jsonl line 1 (OrderPlaced)",
      "      state.customers.get("c-0").spent: expected 44000, received 358000",
      "      state.customers.get("c-1").spent: expected 47000, received 145000",
      "      state.customers.get("c-2").spent: expected 104000, received 208000",
      "      state.customers.get("c-3").spent: expected 38000, received 235000",
    ]
  `);
});
// #endregion replay-compare
