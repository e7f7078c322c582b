import { type Broker, InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

// `Broker.settle` documents one code for running out of time: every broker, in memory or real, uses it.
async function settleCodeWithAHungHandler(broker: Broker, source: string): Promise<unknown> {
  if (broker instanceof InMemoryQueueBroker) await broker.declareQueue(source);
  // The handler hangs until settle() has answered, then lets the consumer finish (so the test can close it).
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await broker.subscribe({ source, group: 'settle', handler: () => released });
  await broker.publish(source, [{ id: 'm-1', type: 'Noted', key: 'k', data: null }]);
  const code = await broker.settle({ timeout: 1500 }).then(
    () => 'settled',
    (error: { code?: string }) => error.code,
  );
  release();
  return code;
}

describe.concurrent('settle() past its timeout rejects with EVENTSPEC_BROKER_SETTLE_TIMEOUT', () => {
  test('in memory, topics and queues', async ({ expect }) => {
    await using topics = new InMemoryTopicBroker();
    await using queues = new InMemoryQueueBroker();
    expect(await settleCodeWithAHungHandler(topics, 'orders')).toBe('EVENTSPEC_BROKER_SETTLE_TIMEOUT');
    expect(await settleCodeWithAHungHandler(queues, 'orders')).toBe('EVENTSPEC_BROKER_SETTLE_TIMEOUT');
  });
  test('kafka', async ({ kafka, expect }) => {
    expect(await settleCodeWithAHungHandler(kafka.broker(), 'orders')).toBe(
      'EVENTSPEC_BROKER_SETTLE_TIMEOUT',
    );
  }, 60_000);
  test('rabbitmq', async ({ rabbitmq, expect }) => {
    expect(await settleCodeWithAHungHandler(rabbitmq.broker(), 'orders')).toBe(
      'EVENTSPEC_BROKER_SETTLE_TIMEOUT',
    );
  }, 60_000);
});
