import {
  checkDelivery,
  type DeliveryCheckError,
  InMemoryTopicBroker,
  subscribedHandler,
} from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import {
  chargeNaively,
  chargeOnce,
  chargeWithSeparateDedupe,
  type PaymentRequestedMessage,
  startPaymentConsumer,
} from '../../src/consumers/payment-handlers.js';
import { PaymentsDb } from '../../src/consumers/payments-db.js';

const requested = (n: number, amount: number): PaymentRequestedMessage => ({
  id: `msg-${n}`,
  type: 'PaymentRequested',
  key: `order-${n}`,
  data: { paymentId: `pay-order-${n}`, orderId: `order-${n}`, amount },
});
const paymentRequests = [requested(1, 2500), requested(2, 1200), requested(3, 4000)];

test('the idempotent payment handler survives every delivery fault', async () => {
  // #region idempotent-check
  await checkDelivery({
    messages: paymentRequests,
    setup: () => ({ db: new PaymentsDb() }),
    handle: ({ db }, message) => chargeOnce(db, message),
    observe: ({ db }) => db.charges(),
    crashPoints: ({ db }) => ({ db }),
    faults: { reorder: 'any', concurrency: 3 },
  });
  // #endregion idempotent-check
});

describe('payment handlers that do not survive delivery', () => {
  test('the naive handler charges twice on a duplicate', async () => {
    // #region naive-check
    const check = checkDelivery({
      messages: paymentRequests,
      setup: () => ({ db: new PaymentsDb() }),
      handle: ({ db }, message) => chargeNaively(db, message),
      observe: ({ db }) => db.charges(),
      seed: 1,
      timelineDir: false,
    });
    await expect(check).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DeliveryCheckError: checkDelivery found a duplicated effect: delivering a message more than once changed the result.

      Delivery plan (found after 1 plan, shrunk 6 times):
        1. deliver #1 PaymentRequested key "order-1"
        2. deliver #1 PaymentRequested key "order-1" again (duplicate), attempt 2
        3. deliver #2 PaymentRequested key "order-2"
        4. deliver #3 PaymentRequested key "order-3"

      Result against the reference run (every message once, in order):
        [1]: unexpected { paymentId: "pay-order-1", orderId: "order-1", amount: 250…

      Replay: checkDelivery({ ...options, plan: { duplicates: [{ message: 0, after: 0 }] } })
      Search: checkDelivery({ ...options, seed: 1, path: "0:0:1:1:1:1:1" }) finds it again
      Hint: Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive.]
    `);
    // #endregion naive-check
  });

  test('checking, charging and marking in three steps charges twice when the mark fails', async () => {
    const error = await checkDelivery({
      messages: paymentRequests,
      setup: () => ({ db: new PaymentsDb() }),
      handle: ({ db }, message) => chargeWithSeparateDedupe(db, message),
      observe: ({ db }) => db.charges(),
      crashPoints: ({ db }) => ({ db }),
      seed: 1,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error.verdict, error.plan.failures]).toEqual([
      'crash-window-duplicate',
      [{ message: 0, call: 2, mode: 'fail-before', redeliverAfter: 0 }],
    ]);
  });
});

describe('the consumer as production starts it', () => {
  test('handles payments published to the in-memory broker', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const db = new PaymentsDb();
    await startPaymentConsumer(broker, db);
    await broker.publish('payments', [...paymentRequests, paymentRequests[0]!]);
    await broker.settle();
    expect(db.charges().map((c) => c.amount)).toEqual([2500, 1200, 4000]);
  });

  test('survives delivery, checked through its own subscription', async () => {
    // #region subscribed-check
    await checkDelivery({
      messages: paymentRequests,
      setup: () => ({ db: new PaymentsDb() }),
      handle: subscribedHandler((broker, { db }: { db: PaymentsDb }) => startPaymentConsumer(broker, db)),
      observe: ({ db }) => db.charges(),
      crashPoints: ({ db }) => ({ db }),
    });
    // #endregion subscribed-check
  });
});
