import { describe, expect, test } from 'vitest';
import { murmur2, partitionFor } from '../../src/broker/murmur2.js';
import { type Delivery, InMemoryTopicBroker, type Message, MessageRejected } from '../../src/index.js';

const msg = (id: string, key: string): Message => ({ id, type: 'Noted', key, data: null });
const seen = () => {
  const log: { id: string; key: string; attempt: number; consumer: string }[] = [];
  const handlerOf = (consumer: string) => (m: Message, d: Delivery) =>
    void log.push({ id: m.id, key: m.key, attempt: d.attempt, consumer });
  return { log, handlerOf };
};

describe('InMemoryTopicBroker', () => {
  test("partitions by key with Kafka's murmur2 (the Java client's test vectors)", () => {
    expect(['21', 'foobar', 'a-little-bit-long-string', 'abc'].map(murmur2)).toEqual([
      -973932308, -790332482, -985981536, 479470107,
    ]);
    expect(partitionFor('order-1', 3)).toBe(partitionFor('order-1', 3));
  });

  test('keeps per-key order, and a consumer group commits every offset', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 3 });
    const { log, handlerOf } = seen();
    await broker.subscribe({ source: 'orders', group: 'billing', handler: handlerOf('a'), concurrency: 3 });
    const messages = Array.from({ length: 12 }, (_, i) => msg(`m${i}`, `order-${i % 4}`));
    await broker.publish('orders', messages);
    await broker.settle();
    for (const key of ['order-0', 'order-1', 'order-2', 'order-3']) {
      expect(log.filter((e) => e.key === key).map((e) => e.id)).toEqual(
        messages.filter((m) => m.key === key).map((m) => m.id),
      );
    }
    const lengths = broker.partitionsOf('orders').map((p) => p.length);
    expect(await broker.committedOffsets('billing', 'orders')).toEqual(lengths);
  });

  test('members of a group share the partitions; each group gets every message', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 3 });
    const { log, handlerOf } = seen();
    const a = await broker.subscribe({ source: 'orders', group: 'billing', handler: handlerOf('a') });
    const b = await broker.subscribe({ source: 'orders', group: 'billing', handler: handlerOf('b') });
    await broker.subscribe({ source: 'orders', group: 'audit', handler: handlerOf('audit') });
    expect([a.partitions, b.partitions]).toEqual([[0, 2], [1]]);
    await broker.publish(
      'orders',
      Array.from({ length: 9 }, (_, i) => msg(`m${i}`, `k${i}`)),
    );
    await broker.settle();
    expect(log.filter((e) => e.consumer === 'audit')).toHaveLength(9);
    expect(
      log
        .filter((e) => e.consumer !== 'audit')
        .map((e) => e.id)
        .sort(),
    ).toEqual(Array.from({ length: 9 }, (_, i) => `m${i}`).sort());
    for (const entry of log.filter((e) => e.consumer !== 'audit')) {
      expect([entry.consumer === 'a' ? a.partitions : b.partitions].flat()).toContain(
        partitionFor(entry.key, 3),
      );
    }
  });

  test('a failing message is retried in place, then written to <topic>.dead-letter; the partition moves on', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const attempts: string[] = [];
    await broker.subscribe({
      source: 'orders',
      maxAttempts: 3,
      handler: (m, d) => {
        attempts.push(`${m.id}@${d.attempt}${d.redelivered ? ' redelivered' : ''}`);
        if (m.id === 'bad') throw new Error('cannot handle');
      },
    });
    await broker.publish('orders', [msg('bad', 'k'), msg('good', 'k')]);
    await broker.settle();
    expect(attempts).toEqual(['bad@1', 'bad@2 redelivered', 'bad@3 redelivered', 'good@1']);
    expect(broker.deadLetters.map((d) => [d.message.id, d.attempts, (d.error as Error).message])).toEqual([
      ['bad', 3, 'cannot handle'],
    ]);
    expect(broker.partitionsOf('orders.dead-letter')[0]!.map((m) => m.id)).toEqual(['bad']);
  });

  test('MessageRejected skips the remaining attempts', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const attempts: string[] = [];
    await broker.subscribe({
      source: 'orders',
      handler: (m, d) => {
        attempts.push(`${m.id}@${d.attempt}`);
        if (m.id === 'bad') throw new MessageRejected('malformed');
      },
    });
    await broker.publish('orders', [msg('bad', 'k'), msg('good', 'k')]);
    await broker.settle();
    expect(attempts).toEqual(['bad@1', 'good@1']);
    expect(broker.partitionsOf('orders.dead-letter')[0]!.map((m) => m.id)).toEqual(['bad']);
  });

  test('a consumer that crashes before committing its batch: the new owner delivers the batch again', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1, commitEvery: 3 });
    const { log, handlerOf } = seen();
    const first = await broker.subscribe({ source: 'orders', group: 'g', handler: handlerOf('first') });
    await broker.publish('orders', [msg('m1', 'k'), msg('m2', 'k')]);
    await broker.settle();
    expect(await broker.committedOffsets('g', 'orders')).toEqual([0]);
    first.crash();
    await broker.subscribe({ source: 'orders', group: 'g', handler: handlerOf('second') });
    await broker.settle();
    expect(log.map((e) => `${e.consumer}:${e.id}@${e.attempt}`)).toEqual([
      'first:m1@1',
      'first:m2@1',
      'second:m1@2',
      'second:m2@2',
    ]);
  });

  test('a member joining while a delivery is in flight: the old owner cannot commit it, the new owner redelivers', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const { log, handlerOf } = seen();
    let release = () => {};
    const slow = handlerOf('first');
    await broker.subscribe({
      source: 'orders',
      group: 'g',
      handler: (m, d) => {
        slow(m, d);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const key = ['a', 'b', 'c', 'd', 'e'].find((k) => partitionFor(k, 2) === 1)!;
    await broker.publish('orders', [msg('m1', key)]);
    await new Promise((resolve) => setImmediate(resolve));
    await broker.subscribe({ source: 'orders', group: 'g', handler: handlerOf('second') });
    release();
    await broker.settle();
    expect(log.map((e) => `${e.consumer}:${e.id}@${e.attempt}`)).toEqual(['first:m1@1', 'second:m1@2']);
    expect(await broker.committedOffsets('g', 'orders')).toEqual([0, 1]);
  });

  test('a consumer that stops gracefully commits first: no duplicates after the rebalance', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1, commitEvery: 3 });
    const { log, handlerOf } = seen();
    const first = await broker.subscribe({ source: 'orders', group: 'g', handler: handlerOf('first') });
    await broker.publish('orders', [msg('m1', 'k'), msg('m2', 'k')]);
    await broker.settle();
    await first.stop();
    await broker.subscribe({ source: 'orders', group: 'g', handler: handlerOf('second') });
    await broker.publish('orders', [msg('m3', 'k')]);
    await broker.settle();
    expect(log.map((e) => `${e.consumer}:${e.id}`)).toEqual(['first:m1', 'first:m2', 'second:m3']);
  });

  test('settle() gives up on a hung handler and says what is pending', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    await broker.subscribe({ source: 'orders', group: 'g', handler: () => new Promise(() => {}) });
    await broker.publish('orders', [msg('m1', 'k'), msg('m2', 'k')]);
    await expect(broker.settle({ timeout: 20 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecError: InMemoryTopicBroker.settle() waited 20 ms and the broker is still busy: consumer g-1 of "orders" has 1 in flight, 1 waiting. A handler may hang, or keep failing without a maxAttempts bound; pass a longer { timeout } if it is just slow.]`,
    );
  });

  test('a closed broker says so', async () => {
    const broker = new InMemoryTopicBroker();
    await broker.close();
    await expect(broker.publish('orders', [])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: InMemoryTopicBroker.publish() was called after close(); create a new broker for each test (or use \`await using\`).]`,
    );
  });
});
