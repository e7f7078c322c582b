import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatNamespace, newRunId } from '@eventspec/broker-fixtures';
import { createKafkaClient, KafkaTestBroker, kafkaTopicHistory } from '@eventspec/broker-fixtures/kafka';
import { replayHistory } from '@eventspec/core/replay';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { customerOrders, order, orderUpcasters } from '../../src/index.js';
import { provideKafka } from '../brokers/broker-availability.js';

const fixture = fileURLToPath(new URL('./fixtures/orders-history.jsonl', import.meta.url));
let setup: Awaited<ReturnType<typeof provideKafka>>;
beforeAll(async () => {
  setup = await provideKafka();
}, 120_000);
afterAll(() => setup?.provided.stop());

test('the order streams published to a Kafka topic (keyed by order) replay from the beginning to the end offsets', async ({
  skip,
}) => {
  if (!setup.endpoint) return skip(setup.reason);
  await using kafka = await KafkaTestBroker.open(setup.endpoint, {
    namespace: formatNamespace({ runId: newRunId(), worker: '0', sequence: 1, label: 'replay' }),
  });
  const lines = readFileSync(fixture, 'utf8').trim().split('\n');
  await kafka.publish(
    'order-events',
    lines.map((line) => ({ key: JSON.parse(line).streamId, data: line })),
  );
  // #region replay-kafka
  const history = kafkaTopicHistory({
    kafka: createKafkaClient(setup.endpoint),
    topic: kafka.topic('order-events'),
  });
  const report = await replayHistory(history, { upcasters: orderUpcasters, decider: order });
  // #endregion replay-kafka
  expect(report).toMatchObject({ ok: true, events: 32, streams: 12, upcast: 9 });
  // Each read takes its own snapshot of the end offsets: a second read sees what was published since.
  await kafka.publish('order-events', [
    {
      key: 'o-999',
      data: JSON.stringify({
        streamId: 'o-999',
        type: 'OrderPaid',
        data: { orderId: 'o-999', paymentId: 'p', paidAt: '2024-01-01T00:00:00.000Z' },
      }),
    },
  ]);
  const again = await replayHistory(
    kafkaTopicHistory({ kafka: createKafkaClient(setup.endpoint), topic: kafka.topic('order-events') }),
    {
      upcasters: orderUpcasters,
      projection: customerOrders,
    },
  );
  expect(again).toMatchObject({ ok: true, events: 33, streams: 13 });
}, 120_000);
