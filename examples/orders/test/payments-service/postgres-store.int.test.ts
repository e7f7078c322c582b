// The same payment service on a real PostgreSQL (EVENTSPEC_POSTGRES_URL), through node-postgres.
import { checkDelivery } from '@eventspec/core';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { chargeWithInbox, PostgresPaymentStore } from '../../src/index.js';
import { paymentOutcome, paymentRequests } from './payment-requests.js';

const url = process.env.EVENTSPEC_POSTGRES_URL;
const required = process.env.EVENTSPEC_REQUIRE_BROKERS === '1';

describe('the payment service on PostgreSQL', () => {
  if (!url) {
    test(
      required ? 'needs PostgreSQL (EVENTSPEC_REQUIRE_BROKERS=1)' : 'skipped: no PostgreSQL',
      (context) => {
        if (required)
          throw new Error(
            'EVENTSPEC_REQUIRE_BROKERS=1 but EVENTSPEC_POSTGRES_URL is not set: start PostgreSQL and set it.',
          );
        context.skip('EVENTSPEC_POSTGRES_URL is not set: point it at a PostgreSQL to run these tests');
      },
    );
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const stores: PostgresPaymentStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.drop();
    await pool.end();
  });
  const freshStore = async () => {
    const store = await PostgresPaymentStore.create(pool);
    stores.push(store);
    return store;
  };

  // #region postgres-check
  test('charges once and emits once under duplicates, reordering, failures and crashes', async () => {
    await checkDelivery({
      messages: paymentRequests,
      setup: async () => ({ store: await freshStore() }),
      handle: ({ store }, message) => chargeWithInbox(store, message),
      observe: ({ store }) => paymentOutcome(store),
      crashPoints: ({ store }) => ({ store }),
      faults: { reorder: 'any', concurrency: 2 },
      runs: 25,
      timeout: 5000,
    });
  });
  // #endregion postgres-check

  test('two deliveries of one message at the same moment: the inbox key lets one through', async () => {
    const store = await freshStore();
    const [first, second] = await Promise.allSettled([
      chargeWithInbox(store, paymentRequests[0]!),
      chargeWithInbox(store, paymentRequests[0]!),
    ]);
    expect(await store.charges()).toEqual([{ paymentId: 'pay-order-1', orderId: 'order-1', amount: 100 }]);
    // The loser either found the claim or hit the key while the winner committed: never a second charge.
    expect([first.status, second.status]).toContain('fulfilled');
  });
});
