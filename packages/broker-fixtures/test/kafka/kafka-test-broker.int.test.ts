import { describe } from 'vitest';
import type { BrokerError } from '../../src/index.js';
import { KafkaFaultProxy, KafkaTestBroker } from '../../src/kafka.js';
import { endpointOf, brokerTest as test } from '../../src/vitest.js';

const kafkaEndpoint = () =>
  endpointOf('kafka', () => {
    throw new Error('unreachable: the fixture would have skipped');
  }) as Parameters<typeof KafkaTestBroker.open>[0];

// Each consumer group join costs ~3 s on librdkafka's mock cluster: these tests run concurrently.
describe.concurrent('Kafka helpers, each test in its own namespace', () => {
  // #region kafka-waitfor
  test('publish, then waitFor returns the matching messages with partition and offset', async ({
    kafka,
    expect,
  }) => {
    await kafka.publish('orders', [
      { id: 'm-1', type: 'OrderPlaced', key: 'o-1', data: { total: 12 }, headers: { 'trace-id': 't-1' } },
      { key: 'o-1', data: { type: 'OrderPaid' } },
    ]);
    const [placed, paid] = await kafka.waitFor('orders', (m) => m.key === 'o-1', { count: 2 });
    expect(placed).toEqual({
      destination: 'orders',
      id: 'm-1',
      type: 'OrderPlaced',
      key: 'o-1',
      data: { total: 12 },
      headers: { 'trace-id': 't-1' },
      partition: placed!.partition,
      offset: placed!.offset,
    });
    // A record without eventspec's id and type headers: its position is its id, as in KafkaBroker.
    expect(paid).toMatchObject({
      id: `${kafka.topic('orders')}/${paid!.partition}/${paid!.offset}`,
      type: 'unknown',
    });
    expect(paid!.partition).toBe(placed!.partition);
    expect(BigInt(paid!.offset!)).toBe(BigInt(placed!.offset!) + 1n);
    expect(kafka.topic('orders')).toBe(`${kafka.namespace.name}.orders`);
  });
  // #endregion kafka-waitfor

  test('waitFor fails after its timeout with what did arrive; expectNoMessage after seek', async ({
    kafka,
    expect,
  }) => {
    await kafka.publish('orders', { key: 'o-1', data: { type: 'OrderPlaced' } });
    await kafka.observe('orders');
    const error = (await kafka
      .waitFor('orders', (m) => (m.data as { type: string }).type === 'OrderShipped', { timeout: 1500 })
      .catch((caught: unknown) => caught)) as BrokerError;
    expect(error.code).toBe('EVENTSPEC_BROKER_WAIT_TIMEOUT');
    expect(error.message.replace(/p\d+@\d+/, 'p<n>@<offset>')).toMatchInlineSnapshot(`
      "waitFor('orders') timed out after 1500 ms: 0 of 1 matching message arrived.
      Arrived on 'orders' (1):
        1. p<n>@<offset> key=o-1 {"type":"OrderPlaced"}"
    `);
    await expect(kafka.expectNoMessage('orders', 10)).rejects.toThrow(/did not expect/);
    await kafka.seek('orders', 'latest');
    await kafka.expectNoMessage('orders', 300);
  });

  test('a handler that throws gets the message again: kafkajs does not commit it', async ({
    kafka,
    expect,
  }) => {
    const attempts: string[] = [];
    await kafka.consume('payments', (message) => {
      attempts.push(message.offset!);
      if (attempts.length === 1) throw new Error('transient failure');
    });
    await kafka.publish('payments', { key: 'p-1', data: { amount: 10 } });
    await expect.poll(() => attempts, { timeout: 10_000 }).toHaveLength(2);
    expect(attempts[1]).toBe(attempts[0]);
  });

  test('namespaces isolate tests sharing the cluster; dropping reports what the mock keeps', async ({
    kafka,
    expect,
  }) => {
    const other = await KafkaTestBroker.open(kafkaEndpoint(), { namespace: `${kafka.namespace.name}-other` });
    await other.publish('orders', { data: 'for the other test' });
    await kafka.publish('orders', { data: 'mine' });
    // Wait for the first message rather than for an idle gap: a slow consumer join is not an empty topic.
    expect((await kafka.waitFor('orders')).map((m) => m.data)).toEqual(['mine']);
    await kafka.expectNoMessage('orders', 500);
    const dropped = await other.close();
    const topic = `${kafka.namespace.name}-other.orders`;
    if (other.endpoint.capabilities.deleteTopics) {
      expect(dropped.deleted).toContain(topic);
    } else {
      // librdkafka's mock cluster cannot delete topics: the drop says so instead of failing.
      expect(dropped.retained).toContain(topic);
      expect(dropped.reason).toMatch(/deleteTopics/);
    }
  });

  test('a consumer the code under test made from kafka.client and left connected fails the test', async ({
    kafka,
    expect,
  }) => {
    const leaky = await KafkaTestBroker.open(kafkaEndpoint(), { namespace: `${kafka.namespace.name}-app` });
    const consumer = leaky.client.consumer({ groupId: leaky.group('shipping') });
    await consumer.connect();
    const producer = leaky.client.producer();
    await producer.connect();
    await producer.disconnect();
    const error = (await leaky.close().catch((caught: unknown) => caught)) as BrokerError;
    expect(error.code).toBe('EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING');
    expect(error.actual).toEqual([`consumer of group ${leaky.namespace.name}.shipping`]);
  });

  test('a consumer left connected fails the test, after being disconnected', async ({ kafka, expect }) => {
    const leaky = await KafkaTestBroker.open(kafkaEndpoint(), { namespace: `${kafka.namespace.name}-leaky` });
    const consumer = leaky.consumer({ groupId: 'billing' });
    await consumer.connect();
    const error = (await leaky.close().catch((caught: unknown) => caught)) as BrokerError;
    expect(error.code).toBe('EVENTSPEC_BROKER_CONSUMERS_LEFT_RUNNING');
    expect(error.message.replace(leaky.namespace.name, '<namespace>')).toMatchInlineSnapshot(
      `"The test ended with 1 Kafka client(s) still connected: consumer of group billing (namespace <namespace>). eventspec disconnected them; disconnect them in the test (or stop the code under test) so its handlers do not run after the test is over."`,
    );
  });

  test('a network cut through the fault proxy stalls the producer; healing lets it through', async ({
    kafka,
    expect,
  }) => {
    // #region kafka-fault-proxy
    await using faults = await KafkaFaultProxy.start(kafkaEndpoint());
    const proxied = await KafkaTestBroker.open(kafkaEndpoint(), {
      namespace: `${kafka.namespace.name}-proxied`,
      client: { socketFactory: faults.socketFactory, requestTimeout: 30_000 },
    });
    try {
      await proxied.publish('orders', { data: 'before the cut' });
      faults.cut();
      let sent = false;
      const sending = proxied.publish('orders', { data: 'during the cut' }).then(() => {
        sent = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sent).toBe(false);
      faults.heal();
      await sending;
      // #endregion kafka-fault-proxy
      const admin = kafka.client.admin();
      await admin.connect();
      const offsets = await admin
        .fetchTopicOffsets(proxied.topic('orders'))
        .finally(() => admin.disconnect());
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(2);
    } finally {
      faults.heal();
      await proxied.close();
    }
  });
});

describe('Kafka fixtures: clients per worker, namespace per test', () => {
  const seen: Array<{ clients: unknown; namespace: string }> = [];
  for (const name of ['first test', 'second test']) {
    test(name, async ({ kafka, kafkaClients, expect }) => {
      await kafka.publish('orders', { data: name });
      seen.push({ clients: kafkaClients, namespace: kafka.namespace.name });
      if (seen.length === 2) {
        expect(seen[1]!.clients).toBe(seen[0]!.clients);
        expect(seen[1]!.namespace).not.toBe(seen[0]!.namespace);
      }
    });
  }
});
