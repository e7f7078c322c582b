// The same payment service on a real PostgreSQL (EVENTSPEC_POSTGRES_URL), through node-postgres.
import { checkDelivery } from '@eventspec/core';
import { expect, test } from 'vitest';
import { chargeWithInbox, PostgresPaymentStore } from '../../src/index.js';
import { describeWithPostgres } from '../postgres.js';
import { paymentOutcome, paymentRequests } from './payment-requests.js';

describeWithPostgres('the payment service on PostgreSQL', (pool, track) => {
  const freshStore = async () => track(await PostgresPaymentStore.create(pool));

  // #region postgres-check
  test('charges once and emits once under duplicates, reordering, failures and crashes', async () => {
    await checkDelivery({
      name: 'payment service on PostgreSQL',
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
    // The loser either found the claim or waited on the key while the winner committed: never a second charge.
    expect([first.status, second.status]).toContain('fulfilled');
  });
});
