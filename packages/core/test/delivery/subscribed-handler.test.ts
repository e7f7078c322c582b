import { describe, expect, test } from 'vitest';
import {
  type Broker,
  checkDelivery,
  type DeliveryCheckError,
  InMemoryQueueBroker,
  InMemoryTopicBroker,
  subscribedHandler,
} from '../../src/index.js';
import { Ledger, type Payment, payments } from './corpus/stores.js';

/** Consumer start-up code as production would have it: subscribe a handler that records payments. */
async function startLedgerConsumer(broker: Broker, ledger: Ledger, options: { dedupe: boolean }) {
  return broker.subscribe({
    source: 'payments',
    group: 'ledger',
    handler: async (message) => {
      const { id, data } = message as Payment;
      if (options.dedupe) ledger.addOnce(id, data.amount);
      else ledger.add(id, data.amount);
      await broker.publish('ledger-events', [
        { id: `recorded-${id}`, type: 'PaymentRecorded', key: id, data: null },
      ]);
    },
  });
}

describe('the same consumer code runs on either in-memory broker (one line changes)', () => {
  test.each([
    ['topics (Kafka-like)', () => new InMemoryTopicBroker({ partitions: 2 })],
    ['queues (RabbitMQ-like)', () => new InMemoryQueueBroker()],
  ])('%s', async (_, createBroker) => {
    // #region either-broker
    await using broker = createBroker(); // new InMemoryTopicBroker(), new InMemoryQueueBroker(), or a real one
    const ledger = new Ledger();
    await startLedgerConsumer(broker, ledger, { dedupe: true });
    await broker.publish('payments', payments);
    await broker.settle();
    expect(ledger.total).toBe(100);
    // #endregion either-broker
  });
});

describe('checkDelivery drives the handler the consumer subscribes', () => {
  const check = (dedupe: boolean) =>
    checkDelivery({
      messages: payments,
      setup: () => new Ledger(),
      handle: subscribedHandler((broker, ledger: Ledger) => startLedgerConsumer(broker, ledger, { dedupe })),
      observe: (ledger) => ledger.total,
      seed: 5,
      timelineDir: false,
    });

  test('a consumer that deduplicates passes', async () => {
    await expect(check(true)).resolves.toMatchObject({ runs: 100 });
  });

  test('a consumer that does not is caught, with the minimal plan', async () => {
    const error = await check(false).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error.verdict, error.plan.duplicates]).toEqual(['duplicated-effect', [{ message: 0, after: 0 }]]);
  });

  test('what the consumer published is there to observe', async () => {
    const handle = subscribedHandler((broker, ledger: Ledger) =>
      startLedgerConsumer(broker, ledger, { dedupe: true }),
    );
    await checkDelivery({
      messages: payments,
      setup: () => new Ledger(),
      handle,
      observe: (ledger) => new Set(handle.published(ledger).map((p) => `${p.destination}:${p.message.id}`)),
      faults: { duplicate: false },
      seed: 5,
      timelineDir: false,
    });
  });

  test('start code that subscribes nothing gets a clear error', async () => {
    const handle = subscribedHandler(() => undefined);
    await expect(
      checkDelivery({ messages: payments, setup: () => ({}), handle, observe: () => 0, timelineDir: false }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: subscribedHandler(start) needs exactly one subscription; start(broker, world) subscribed to none. It must call broker.subscribe({ source, handler }); pass { source } to subscribedHandler to pick one of several.]`,
    );
  });
});
