import {
  type Broker,
  checkDelivery,
  type DeliveryCheckError,
  type Message,
  subscribedHandler,
} from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

// checkDelivery with `broker`: the reference run and every plan go through Kafka / RabbitMQ, and the faults
// are real ones. Each Kafka run costs a consumer-group join (~3 s on librdkafka's mock cluster): the
// checks run concurrently and replay or explore only a few plans.

type Charge = Message<{ orderId: string; total: number }>;
const charge = (n: number, orderId = `o-${n}`): Charge => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key: orderId,
  data: { orderId, total: 100 * n },
});
const charges = [charge(1), charge(2), charge(3, 'o-1')];

/** Billing state: one entry per applied message; `chargeOnce` is the effect and the dedupe record in one write. */
class Billing {
  readonly totals = new Map<string, number>();
  readonly applied = new Set<string>();
  charge(id: string, orderId: string, total: number): void {
    this.totals.set(orderId, (this.totals.get(orderId) ?? 0) + total);
  }
  chargeOnce(id: string, orderId: string, total: number): void {
    if (this.applied.has(id)) return;
    this.applied.add(id);
    this.totals.set(orderId, (this.totals.get(orderId) ?? 0) + total);
  }
  snapshot(): [string, number][] {
    return [...this.totals].sort(([a], [b]) => a.localeCompare(b));
  }
}

const startBilling = (broker: Broker, billing: Billing, idempotent: boolean) =>
  broker.subscribe({
    source: 'orders',
    group: 'billing',
    handler: (message) => {
      const { id, data } = message as Charge;
      if (idempotent) billing.chargeOnce(id, data.orderId, data.total);
      else billing.charge(id, data.orderId, data.total);
    },
  });

const options = (open: () => Promise<Broker> | Broker, idempotent: boolean) => ({
  messages: charges,
  setup: () => new Billing(),
  handle: subscribedHandler((broker, billing: Billing) => startBilling(broker, billing, idempotent)),
  observe: (billing: Billing) => billing.snapshot(),
  crashPoints: (billing: Billing) => ({ billing }),
  broker: { open },
  timelineDir: false as const,
});

const crashAfterCharge = {
  failures: [{ message: 1, call: 0, mode: 'crash-after' as const, redeliverAfter: 0 }],
};

describe.concurrent('checkDelivery on RabbitMQ: nack / requeue and a killed channel are real', () => {
  test('a consumer that charges twice after a crash before the ack is caught', async ({
    rabbitmq,
    expect,
  }) => {
    const error = await checkDelivery({
      ...options(() => rabbitmq.newBroker(), false),
      plan: crashAfterCharge,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    console.log(error.message);
    expect(error.verdict).toBe('crash-window-duplicate');
  });

  test('an idempotent consumer passes a few explored plans', async ({ rabbitmq, expect }) => {
    const report = await checkDelivery({ ...options(() => rabbitmq.newBroker(), true), runs: 4, seed: 7 });
    expect(report).toMatchObject({ runs: 4, realRuns: 5 });
  });
});

describe.concurrent('checkDelivery on Kafka: uncommitted offsets come back after a consumer crash', () => {
  test('a consumer that charges twice after a crash before the commit is caught', async ({
    kafka,
    expect,
  }) => {
    const error = await checkDelivery({
      ...options(() => kafka.newBroker(), false),
      plan: crashAfterCharge,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    console.log(error.message);
    expect(error.verdict).toBe('crash-window-duplicate');
  }, 60_000);

  test('an idempotent consumer passes a few explored plans', async ({ kafka, expect }) => {
    const report = await checkDelivery({ ...options(() => kafka.newBroker(), true), runs: 3, seed: 7 });
    expect(report).toMatchObject({ runs: 3, realRuns: 4 });
  }, 60_000);
});
