import { checkCausalityOfLog, checkDelivery, InMemoryTopicBroker, type Message } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { chargeWithInbox, InMemoryPaymentStore, relayOutbox } from '../../src/index.js';
import { paymentOutcome, paymentRequests } from './payment-requests.js';

describe('the payment service with an inbox and an outbox (in memory)', () => {
  // #region inbox-outbox-check
  test('charges once and emits once, whatever the broker does: duplicates, any order, failures and crashes around the transaction', async () => {
    await checkDelivery({
      messages: paymentRequests,
      setup: () => ({ store: new InMemoryPaymentStore() }),
      handle: ({ store }, message) => chargeWithInbox(store, message),
      observe: ({ store }) => paymentOutcome(store),
      crashPoints: ({ store }) => ({ store }),
      faults: { reorder: 'any', concurrency: 2 },
      runs: 150,
    });
  });
  // #endregion inbox-outbox-check

  test('the relay publishes the outbox after the commit, with the trace kept', async () => {
    const store = new InMemoryPaymentStore();
    for (const message of paymentRequests) await chargeWithInbox(store, message);
    await chargeWithInbox(store, paymentRequests[0]!); // a redelivery
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const published: Message[] = [];
    await broker.subscribe({
      source: 'payments',
      group: 'audit',
      handler: (message) => void published.push(message),
    });
    expect(await relayOutbox(store, broker, 'payments')).toBe(3);
    expect(await relayOutbox(store, broker, 'payments')).toBe(0);
    await broker.settle();
    expect(published.map((m) => [m.type, m.id, m.headers?.['causation-id']])).toEqual([
      ['PaymentCharged', 'charged-msg-1', 'msg-1'],
      ['PaymentCharged', 'charged-msg-2', 'msg-2'],
      ['PaymentCharged', 'charged-msg-3', 'msg-3'],
    ]);
    checkCausalityOfLog([...paymentRequests, ...published], { name: 'payment service', svgDir: false });
  });
});
