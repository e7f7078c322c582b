import { describe, expect, test } from 'vitest';
import {
  checkCausalityOfLog,
  deciderService,
  processService,
  projectionService,
  system,
} from '../../src/index.js';
import { checkout, confirmationCount, payments, shop } from './shop.js';

const at = '2024-06-01T09:00:00.000Z';
const place = (orderId: string, amount: number) => ({ type: 'PlaceOrder', orderId, amount, sku: 'mug' });
/** The shop with a projection that counts confirmations: a redelivered OrderConfirmed counts twice. */
const counting = {
  ...shop,
  confirmations: projectionService(confirmationCount, { listensTo: ['OrderConfirmed'] }),
};

describe('system scenarios', () => {
  test('an order is paid and confirmed across services', async () => {
    const report = await system(shop, { start: at })
      .when(place('o-1', 300))
      .eventually(
        {
          published: [
            { type: 'OrderPlaced' },
            { type: 'StockReserved' },
            { type: 'PaymentCaptured', amount: 300 },
            { type: 'OrderConfirmed' },
          ],
          sent: [{ type: 'ReserveStock' }, { type: 'ChargeCard' }, { type: 'ConfirmOrder' }],
          state: {
            orders: new Map([['o-1', { status: 'confirmed' }]]),
            stock: new Map([['o-1', { reserved: true }]]),
            confirmed: new Set(['o-1']),
          },
        },
        { within: '1h' },
      );
    expect(report.flow.filter((entry) => entry.phase === 'when')).toHaveLength(8);
    // Every message the system put on the broker carries its trigger's correlation and causation ids.
    expect(report.log).toHaveLength(8);
    checkCausalityOfLog(report.log, { name: 'order o-1', svgDir: false });
  });

  test('compensation: a declined payment cancels the order and releases the stock', async () => {
    await system(shop, { start: at })
      .when(place('o-2', 5000))
      .eventually(
        {
          sent: [
            { type: 'ReserveStock' },
            { type: 'ChargeCard' },
            { type: 'CancelOrder', reason: 'PaymentDeclined' },
            { type: 'ReleaseStock' },
          ],
          state: {
            orders: new Map([['o-2', { status: 'cancelled' }]]),
            stock: new Map([['o-2', { reserved: false }]]),
            checkout: new Map([['o-2', { stage: 'failed' }]]),
          },
        },
        { within: '1h' },
      );
  });

  test('a payment that never comes: the timeout fires on the virtual clock and compensates', async () => {
    const silentPayments = deciderService(
      { ...payments, decide: () => [] },
      {
        commands: ['ChargeCard'],
        events: ['PaymentCaptured', 'PaymentDeclined'],
        streamOf: (message: { orderId: string }) => message.orderId,
      },
    );
    const early = system({ ...shop, payments: silentPayments }, { start: at }).when(place('o-3', 300));
    await early.eventually({ sent: [{ type: 'ReserveStock' }, { type: 'ChargeCard' }] }, { within: '14m' });
    const report = await early.eventually(
      {
        sent: [
          { type: 'ReserveStock' },
          { type: 'ChargeCard' },
          { type: 'CancelOrder', reason: 'PaymentTimedOut' },
          { type: 'ReleaseStock' },
        ],
        state: {
          orders: new Map([['o-3', { status: 'cancelled' }]]),
          stock: new Map([['o-3', { reserved: false }]]),
        },
      },
      { within: '15m' },
    );
    const timer = report.flow.find((entry) => entry.kind === 'timer');
    expect(timer?.at.toISOString()).toBe('2024-06-01T09:15:00.000Z');
  });

  test('a failure lists what is missing and shows the whole message flow', async () => {
    let message = '';
    try {
      await system(shop, { start: at })
        .when(place('o-4', 5000))
        .eventually(
          { sent: [{ type: 'ConfirmOrder' }], state: { stock: new Map([['o-4', { reserved: true }]]) } },
          { within: '30m', svgDir: false },
        );
    } catch (error) {
      expect(error).toMatchObject({ code: 'EVENTSPEC_SYSTEM_EXPECTATIONS' });
      message = (error as Error).message;
    }
    expect(message).toMatchInlineSnapshot(`
      "eventually() failed: 2 expectations not met.

        sent: 1 missing, 4 unexpected
          [0] + ReserveStock (unexpected): { type: "ReserveStock", orderId: "o-4" }
          [1] + ChargeCard (unexpected): { type: "ChargeCard", orderId: "o-4", amount: 5000 }
          [2] + CancelOrder (unexpected): { type: "CancelOrder", orderId: "o-4", reason: "PaymentDeclined" }
          [3] + ReleaseStock (unexpected): { type: "ReleaseStock", orderId: "o-4" }
              - ConfirmOrder (missing): { type: "ConfirmOrder" }
        state of stock:
          stock.get("o-4").reserved: expected true, received false

      The message flow:
        when  09:00:00.000  test → orders        PlaceOrder { orderId: "o-4", amount: 5000, sku: "mug" }
              09:00:00.000  orders ⇒             OrderPlaced { orderId: "o-4", amount: 5000, sku: "mug" }
              09:00:00.000  checkout → stock     ReserveStock { orderId: "o-4" }
              09:00:00.000  checkout → payments  ChargeCard { orderId: "o-4", amount: 5000 }
              09:00:00.000  stock ⇒              StockReserved { orderId: "o-4" }
              09:00:00.000  payments ⇒           PaymentDeclined { orderId: "o-4", reason: "limit exceeded" }
              09:00:00.000  checkout → orders    CancelOrder { orderId: "o-4", reason: "PaymentDeclined" }
              09:00:00.000  orders ⇒             OrderCancelled { orderId: "o-4", reason: "PaymentDeclined" }
              09:00:00.000  checkout → stock     ReleaseStock { orderId: "o-4" }
              09:00:00.000  stock ⇒              StockReleased { orderId: "o-4" }"
    `);
  });

  test('under delivery faults an idempotent system reaches the same end state', async () => {
    const report = await system(shop, { start: at })
      .when(place('o-5', 300))
      .eventually(
        { state: { confirmed: new Set(['o-5']) } },
        { within: '1h', faults: { runs: 60, seed: 11 } },
      );
    expect(report.plansChecked).toBe(60);
  });

  test('a projection that counts redeliveries is caught, with the smallest plan, where it happened', async () => {
    const error = await system(counting, { start: at })
      .when(place('o-6', 300))
      .eventually(
        { state: { confirmations: { count: 1 } } },
        {
          within: '1h',
          faults: { runs: 200, seed: 5, reorder: false, failBefore: false, crashAfter: false },
          svgDir: false,
        },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENTSPEC_SYSTEM_FAULTS' });
    expect(
      (error as Error).message
        .replace(/path: "[\d:]+"/, 'path: "…"')
        .replace(/after \d+ plans, shrunk \d+ times/, 'after …'),
    ).toMatchInlineSnapshot(`
      "Under delivery faults, the system ends in another state than without them.

        the smallest plan found (found after …):
          1. #8 OrderConfirmed (from orders): published twice, the copy right after it

        end state with the plan (received) against the fault-free run (expected):
          confirmations.count: expected 1, received 2

      The message flow with the plan (⚡ what the broker did):
        when  09:00:00.000  test → orders        PlaceOrder { orderId: "o-6", amount: 300, sku: "mug" }
              09:00:00.000  orders ⇒             OrderPlaced { orderId: "o-6", amount: 300, sku: "mug" }
              09:00:00.000  checkout → stock     ReserveStock { orderId: "o-6" }
              09:00:00.000  stock ⇒              StockReserved { orderId: "o-6" }
              09:00:00.000  checkout → payments  ChargeCard { orderId: "o-6", amount: 300 }
              09:00:00.000  payments ⇒           PaymentCaptured { orderId: "o-6", amount: 300 }
              09:00:00.000  checkout → orders    ConfirmOrder { orderId: "o-6" }
              09:00:00.000  orders ⇒             OrderConfirmed { orderId: "o-6" }
                            ⚡ the broker publishes #8 OrderConfirmed again (a duplicate, same id)

      Replay: eventually(..., { ...options, faults: { plan: { duplicates: [{ message: 7, after: 0 }] } } })
      Search: faults: { seed: 5, path: "…" } finds it again"
    `);
  });

  test('the printed plan replays exactly, and a plan that changes nothing passes', async () => {
    const scenario = system(counting, { start: at }).when(place('o-9', 300));
    const expectations = { state: { confirmations: { count: 1 } } };
    await expect(
      scenario.eventually(expectations, {
        within: '1h',
        faults: { plan: { duplicates: [{ message: 7, after: 0 }] } },
      }),
    ).rejects.toMatchObject({ code: 'EVENTSPEC_SYSTEM_FAULTS', actual: { confirmations: { count: 2 } } });
    // The same copy of a message the projection does not count leaves every service as it was.
    const report = await scenario.eventually(expectations, {
      within: '1h',
      faults: { plan: { duplicates: [{ message: 6, after: 0 }] } },
    });
    expect(report.plansChecked).toBe(1);
  });

  test('reordering across keys: a projection that depends on the arrival order of two orders is caught', async () => {
    const arrivals = {
      initialState: (): string[] => [],
      project: (model: string[], event: { type: string }) => [...model, event.type],
    };
    const ordered = {
      ...shop,
      arrivals: projectionService(arrivals, { listensTo: ['StockReserved', 'PaymentCaptured'] }),
    };
    const error = await system(ordered, { start: at })
      .when(place('o-10', 300))
      .eventually(
        {},
        {
          within: '1h',
          faults: { runs: 200, seed: 3, duplicate: false, failBefore: false, crashAfter: false },
        },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENTSPEC_SYSTEM_FAULTS' });
    const plan = (error as Error).message
      .split('\n')
      .slice(2, 4)
      .join('\n')
      .replace(/\(found after .*\)/, '(…)');
    expect(plan).toMatchInlineSnapshot(`
      "  the smallest plan found (…):
          1. #3 ReserveStock (from checkout): held back until 1 later message was published"
    `);
  });

  test("'across-keys' keeps the order of one key on a topic, copies included; 'any' lets a copy pass", async () => {
    const lastStatus = {
      initialState: (): Record<string, string> => ({}),
      project: (model: Record<string, string>, event: { type: string; orderId: string }) => ({
        ...model,
        [event.orderId]: event.type,
      }),
    };
    const statuses = {
      ...shop,
      statuses: projectionService(lastStatus, { listensTo: ['OrderPlaced', 'OrderConfirmed'] }),
    };
    const scenario = system(statuses, { start: at }).when(place('o-11', 300));
    // A late copy of OrderPlaced must not overtake OrderConfirmed of the same order, unless reorder is 'any'.
    const faults = { runs: 300, seed: 8, failBefore: false, crashAfter: false } as const;
    const report = await scenario.eventually(
      {},
      { within: '1h', faults: { ...faults, reorder: 'across-keys' } },
    );
    expect(report.plansChecked).toBe(300);
    await expect(
      scenario.eventually({}, { within: '1h', faults: { ...faults, reorder: 'any' } }),
    ).rejects.toMatchObject({
      code: 'EVENTSPEC_SYSTEM_FAULTS',
      actual: { statuses: { 'o-11': 'OrderPlaced' } },
    });
  });

  test('a crash after the handling redelivers to that service only', async () => {
    const error = await system(counting, { start: at })
      .when(place('o-12', 300))
      .eventually(
        {},
        { within: '1h', faults: { runs: 200, seed: 2, duplicate: false, reorder: false, failBefore: false } },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENTSPEC_SYSTEM_FAULTS', actual: { confirmations: { count: 2 } } });
    const plan = (error as Error).message
      .split('\n')
      .slice(2, 4)
      .join('\n')
      .replace(/\(found after .*\)/, '(…)');
    expect(plan).toMatchInlineSnapshot(`
      "  the smallest plan found (…):
          1. #8 OrderConfirmed (from orders): its delivery 2 (to confirmations) is handled, then the consumer crashes before the ack; delivered again"
    `);
    // Failing before the handling is harmless here: the delivery comes again and is handled once.
    const report = await system(counting, { start: at })
      .when(place('o-12', 300))
      .eventually(
        {},
        { within: '1h', faults: { runs: 100, seed: 2, duplicate: false, reorder: false, crashAfter: false } },
      );
    expect(report.plansChecked).toBe(100);
  });

  test('fault options that cannot work are all reported at once', async () => {
    await expect(
      system(shop, { start: at })
        .when(place('o-13', 300))
        .eventually(
          {},
          {
            within: '1h',
            faults: {
              kinds: ['duplicate'],
              runs: 0,
              reorder: 'sometimes',
              failBefore: 'yes',
              seed: '42',
              path: 3,
              plan: { delays: [{ message: 99, by: 1 }] },
            } as never,
          },
        ),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: eventually({ faults }) cannot run:
        - \`faults.kinds\` is not an option (duplicate, reorder, failBefore, crashAfter, runs, seed, path, plan)
        - \`faults.reorder\` must be false, 'across-keys' or 'any'
        - \`faults.failBefore\` must be true or false
        - \`faults.runs\` must be a whole number from 1 to 2^53 − 1, got 0
        - \`faults.seed\` must be the whole number a failure printed, got "42"
        - \`faults.path\` must be the path a failure printed, such as "3:1:0", got 3
        - every \`faults.plan\` fault names a message from 0 to 7 (the messages published from \`when\` on)]
    `);
  });

  test('replay: projections rebuild to the same read model, and process managers do not act again', async () => {
    await system(shop, { start: at })
      .when(place('o-7', 300))
      .eventually({ state: { confirmed: new Set(['o-7']) } }, { within: '1h', replay: true });
    const forgetful = {
      ...shop,
      checkout: processService(
        { ...checkout, react: (s, e) => checkout.react(s, e, { now: () => new Date() }) },
        {
          listensTo: ['OrderPlaced', 'PaymentCaptured', 'PaymentDeclined', 'OrderCancelled'],
          instanceOf: (event) => event.orderId,
        },
      ),
    };
    await expect(
      system(forgetful, { start: at }).when(place('o-8', 300)).eventually({}, { within: '1h', replay: true }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: Replaying the run is not safe:

        checkout: replaying OrderPlaced produced send ReserveStock, send ChargeCard, schedule PaymentTimedOut; a replay must not act again (check context.replaying)
        checkout: replaying PaymentCaptured produced send ConfirmOrder; a replay must not act again (check context.replaying)]
    `);
  });

  test('wiring errors are collected and explained', () => {
    expect(() =>
      system({
        ...shop,
        audit: projectionService(
          { initialState: [], project: (m) => m },
          { listensTo: ['OrderShipped', 'InvoiceSent'] },
        ),
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: system(...) cannot wire its services:
        - audit listens to OrderShipped, which no service emits: add it to a decider's events or a service's publishes
        - audit listens to InvoiceSent, which no service emits: add it to a decider's events or a service's publishes]
    `);
  });
});
