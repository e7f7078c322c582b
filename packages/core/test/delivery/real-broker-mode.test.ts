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

// The real-broker mode of checkDelivery, driven here through the in-memory brokers (they implement the
// same Broker interface, with crashable consumers): fast and deterministic. The same checks on Kafka and
// RabbitMQ are in packages/broker-fixtures/test/delivery.

async function startLedgerConsumer(broker: Broker, ledger: Ledger, dedupe: boolean) {
  return broker.subscribe({
    source: 'payments',
    group: 'ledger',
    handler: (message) => {
      const { id, data } = message as Payment;
      if (dedupe) ledger.addOnce(id, data.amount);
      else ledger.add(id, data.amount);
    },
  });
}

const brokers = [
  ['topics', () => new InMemoryTopicBroker({ partitions: 2 })],
  ['queues', () => new InMemoryQueueBroker()],
] as const;

describe.each(brokers)('checkDelivery({ broker }) on in-memory %s', (_, open) => {
  const options = (dedupe: boolean) => ({
    messages: payments,
    setup: () => new Ledger(),
    handle: subscribedHandler((broker, ledger: Ledger) => startLedgerConsumer(broker, ledger, dedupe)),
    observe: (ledger: Ledger) => ledger.total,
    crashPoints: (ledger: Ledger) => ({ ledger }),
    broker: { open },
    timelineDir: false as const,
  });

  test('an idempotent consumer passes; every run went through the broker', async () => {
    const report = await checkDelivery({ ...options(true), runs: 6, seed: 1 });
    expect(report).toMatchObject({ runs: 6, realRuns: 7 });
  });

  test('a crash after the effect, before the ack, makes the broker redeliver: a duplicate charge', async () => {
    const error = await checkDelivery({
      ...options(false),
      plan: { failures: [{ message: 1, call: 0, mode: 'crash-after', redeliverAfter: 0 }] },
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect(error.verdict).toBe('crash-window-duplicate');
    console.log(error.message);
  });
});
