import {
  RabbitMqContainer,
  RabbitMqNamespace,
  type StartedRabbitMqContainer,
  TcpFaultProxy,
} from '@eventspec/broker-fixtures';
import { connectAmqp } from '@eventspec/broker-fixtures/rabbitmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BillingLedger, type OrderPlacedMessage } from '../../src/brokers/billing-ledger.js';
import { startRabbitMqBilling } from '../../src/brokers/rabbitmq-billing-consumer.js';
import { describeWithDocker } from './broker-availability.js';

const order = (n: number): OrderPlacedMessage => ({
  messageId: `m-${n}`,
  orderId: `o-${n}`,
  customerId: `c-${n % 3}`,
  total: 100 * n,
});

/** Publishes orders persistently with publisher confirms, on a connection of its own. */
async function publish(url: string, queue: string, numbers: number[]): Promise<void> {
  const connection = await connectAmqp(url, 'orders service');
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    for (const n of numbers)
      channel.sendToQueue(queue, Buffer.from(JSON.stringify(order(n))), { persistent: true });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// A container of its own: this test restarts the broker, which a shared one must not suffer.
await describeWithDocker('rabbitmq', 'RabbitMQ billing consumer', () => {
  let rabbit: StartedRabbitMqContainer;
  beforeAll(async () => {
    rabbit = await new RabbitMqContainer().withPullPolicy('never').start();
  }, 120_000);
  afterAll(() => rabbit?.stop());

  test('charges every order once across a network cut, a reset, and a broker restart', async () => {
    const namespace = await RabbitMqNamespace.create(rabbit.getEndpoint(), 'billing');
    await using network = await TcpFaultProxy.start({
      upstream: { host: '127.0.0.1', port: Number(new URL(rabbit.getAmqpUrl()).port) },
    });
    const throughProxy = `amqp://guest:guest@${network.address}/billing`;
    const ledger = new BillingLedger();
    const billing = startRabbitMqBilling({ url: throughProxy, queue: 'orders', ledger });
    try {
      await publish(namespace.url, 'orders', range(1, 10));
      await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(10);

      network.cut(); // a partition: deliveries and acks hang
      await publish(namespace.url, 'orders', range(11, 20));
      await new Promise((resolve) => setTimeout(resolve, 500));
      network.heal();
      network.reset(); // unacked deliveries come back, redelivered
      await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(20);

      network.refuse(); // the consumer is away while orders keep coming…
      await publish(namespace.url, 'orders', [...range(21, 30), ...range(25, 30)]);
      await rabbit.faults.restart(); // …and the broker restarts: persistent messages survive
      network.heal();
      await expect.poll(() => ledger.charges().size, { timeout: 30_000 }).toBe(30);
      // At least once: the 6 repeated orders, plus whatever the faults made the broker redeliver.
      await expect.poll(() => ledger.duplicatesSkipped, { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
      expect(
        [...ledger.charges()].filter(([orderId, total]) => total !== 100 * Number(orderId.slice(2))),
      ).toEqual([]);
    } finally {
      await billing.stop();
      await namespace.drop();
    }
  }, 90_000);
});
