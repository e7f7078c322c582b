import { formatNamespace, newRunId } from '@eventspec/broker-fixtures';
import { createKafkaClient, KafkaFaultProxy, KafkaTestBroker } from '@eventspec/broker-fixtures/kafka';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BillingLedger, type OrderPlacedMessage } from '../../src/brokers/billing-ledger.js';
import { startKafkaBilling } from '../../src/brokers/kafka-billing-consumer.js';
import { provideKafka } from './broker-availability.js';

let setup: Awaited<ReturnType<typeof provideKafka>>;
beforeAll(async () => {
  setup = await provideKafka();
}, 120_000);
afterAll(() => setup?.provided.stop());

const order = (n: number): OrderPlacedMessage => ({
  messageId: `m-${n}`,
  orderId: `o-${n}`,
  customerId: `c-${n % 3}`,
  total: 100 * n,
});

test('the Kafka billing consumer charges every order once across a network cut, resets, the broker going away, and a consumer crash', async ({
  skip,
}) => {
  if (!setup.endpoint) return skip(setup.reason);
  const endpoint = setup.endpoint;
  await using kafka = await KafkaTestBroker.open(endpoint, {
    namespace: formatNamespace({ runId: newRunId(), worker: '0', sequence: 1, label: 'kafka billing' }),
  });
  await using network = await KafkaFaultProxy.start(endpoint);
  const consumerClient = createKafkaClient(endpoint, {
    socketFactory: network.socketFactory,
    requestTimeout: 5000,
  });
  const ledger = new BillingLedger();
  const topic = kafka.topic('orders');
  const groupId = kafka.group('billing');
  const publish = (from: number, to: number) =>
    kafka.publish(
      'orders',
      Array.from({ length: to - from + 1 }, (_, i) => order(from + i)).map((data) => ({
        key: data.orderId,
        data,
      })),
    );

  let billing = await startKafkaBilling(consumerClient, { topic, groupId, ledger });
  await publish(1, 10);
  await expect.poll(() => ledger.charges().size, { timeout: 15_000 }).toBe(10);

  network.cut(); // a partition: the consumer's fetches hang
  await publish(11, 20);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  network.heal();
  network.reset(); // then every connection is reset
  await expect.poll(() => ledger.charges().size, { timeout: 20_000 }).toBe(20);

  // The broker goes away and comes back, as a restart looks to a client: connections reset, then
  // refused for a while (a container broker restarts for real with `faults[0].restart()`).
  network.refuse();
  await publish(21, 24);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  network.heal();
  await expect.poll(() => ledger.charges().size, { timeout: 20_000 }).toBe(24);

  await billing.stop(); // the consumer goes away; another instance of the group takes over
  await publish(25, 30);
  await publish(25, 30); // a producer retry: the same messages again
  billing = await startKafkaBilling(consumerClient, { topic, groupId, ledger });
  await expect.poll(() => ledger.charges().size, { timeout: 20_000 }).toBe(30);
  // At least once: the 6 repeated orders, plus whatever the faults made the broker redeliver.
  await expect.poll(() => ledger.duplicatesSkipped, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
  await billing.stop();

  expect(
    [...ledger.charges()].filter(([orderId, total]) => total !== 100 * Number(orderId.slice(2))),
  ).toEqual([]);
}, 90_000);
