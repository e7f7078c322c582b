import { describe, expect, test } from 'vitest';
import { partitionFor } from '../../src/broker/murmur2.js';
import {
  InMemoryTopicBroker,
  type Message,
  type TopicDelivery,
  type TopicMessageHandler,
} from '../../src/index.js';

const msg = (id: string): Message => ({ id, type: 'Noted', key: 'k', data: null });
const messages = (count: number) => Array.from({ length: count }, (_, i) => msg(`m${i}`));
const recorder =
  (name: string, log: string[], then?: (d: TopicDelivery) => void): TopicMessageHandler =>
  (m, d) => {
    log.push(`${name}:${m.id}@${d.attempt} (offset ${d.offset})`);
    then?.(d);
  };
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected an error');
};

describe('InMemoryTopicBroker: manual commits (autoCommit: false)', () => {
  test('nothing is committed but what the handler commits', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    // #region manual-commit
    await broker.subscribe({
      source: 'orders',
      group: 'billing',
      autoCommit: false,
      handler: (message, delivery) => {
        log.push(message.id);
        if (delivery.offset % 2 === 1) delivery.commit(); // a batch of two, then one commit
      },
    });
    // #endregion manual-commit
    await broker.publish('orders', messages(3));
    await broker.settle();
    expect(log).toEqual(['m0', 'm1', 'm2']);
    expect(await broker.committedOffsets('billing', 'orders')).toEqual([2]);
  });

  test('a crash between handling and the manual commit redelivers from the last commit', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    const a = await broker.subscribe({
      source: 'orders',
      autoCommit: false,
      handler: recorder('a', log, (d) => d.offset % 2 === 1 && d.commit()),
    });
    await broker.publish('orders', messages(3));
    await broker.settle();
    a.crash();
    await broker.subscribe({
      source: 'orders',
      autoCommit: false,
      handler: recorder('b', log, (d) => d.commit()),
    });
    await broker.settle();
    expect(log).toEqual(['a:m0@1 (offset 0)', 'a:m1@1 (offset 1)', 'a:m2@1 (offset 2)', 'b:m2@2 (offset 2)']);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([3]);
  });

  test('a stop or a rebalance commits nothing for the member: its successor starts at the last commit', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    const a = await broker.subscribe({ source: 'orders', autoCommit: false, handler: recorder('a', log) });
    await broker.publish('orders', messages(2));
    await broker.settle();
    await a.stop();
    expect(await broker.committedOffsets('default', 'orders')).toEqual([0]);
    await broker.subscribe({ source: 'orders', handler: recorder('b', log) });
    await broker.settle();
    expect(log).toEqual(['a:m0@1 (offset 0)', 'a:m1@1 (offset 1)', 'b:m0@2 (offset 0)', 'b:m1@2 (offset 1)']);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([2]);
  });

  test('a rebalance takes a partition without a commit on revoke: the new owner starts at the last commit', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const log: string[] = [];
    const a = await broker.subscribe({ source: 'orders', autoCommit: false, handler: recorder('a', log) });
    const keyed = ['k1', 'k2', 'k3', 'k4'].map((key) => ({ ...msg(`m-${key}`), key }));
    await broker.publish('orders', keyed);
    await broker.settle();
    await broker.subscribe({ source: 'orders', handler: recorder('b', log) });
    await broker.settle();
    expect(a.partitions).toEqual([0]);
    const onPartition1 = keyed.filter((m) => partitionFor(m.key, 2) === 1).map((m) => m.id);
    expect(onPartition1.length).toBeGreaterThan(0);
    expect(
      log.filter((line) => line.startsWith('b:')).map((line) => line.slice(2, line.indexOf('@'))),
    ).toEqual(onPartition1);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([0, onPartition1.length]);
  });

  test('commitOffsets on the subscription commits any offset of an owned partition', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const sub = await broker.subscribe({ source: 'orders', autoCommit: false, handler: () => {} });
    await broker.publish('orders', messages(4));
    await broker.settle();
    sub.commitOffsets([{ topic: 'orders', partition: 0, offset: 1 }]);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([1, 0]);
  });

  test('a commit from a crashed member or for a partition it lost is refused', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    let first: TopicDelivery | undefined;
    const a = await broker.subscribe({
      source: 'orders',
      autoCommit: false,
      handler: (_, d) => {
        first ??= d;
      },
    });
    await broker.publish('orders', [msg('m0')]);
    await broker.settle();
    await broker.subscribe({ source: 'orders', handler: () => {} });
    expect(a.partitions).toEqual([0]);
    expect(
      errorOf(() => a.commitOffsets([{ topic: 'orders', partition: 1, offset: 0 }])),
    ).toMatchInlineSnapshot(`
      {
        "code": "EVENTSPEC_BROKER_STALE_COMMIT",
        "message": "Consumer default-1 cannot commit offset 0 of "orders"/1: it does not own that partition (it owns [0]); after a rebalance only the new owner commits (Kafka refuses a commit from a stale generation).",
      }
    `);
    a.crash();
    expect(errorOf(() => first!.commit())).toMatchInlineSnapshot(`
      {
        "code": "EVENTSPEC_BROKER_STALE_COMMIT",
        "message": "Consumer default-1 cannot commit offset 1 of "orders"/0: it crashed or stopped (Kafka refuses a commit from a member that left the group).",
      }
    `);
  });

  test('a misspelled or non-boolean autoCommit is refused, with the known keys', async () => {
    await using broker = new InMemoryTopicBroker();
    const refused = await broker
      .subscribe({
        source: 'orders',
        handler: () => {},
        autoCommit: 'no' as unknown as boolean,
        autoComit: true,
      } as never)
      .catch((error: { code: string; message: string }) => ({ code: error.code, message: error.message }));
    expect(refused).toMatchInlineSnapshot(`
      {
        "code": "EVENTSPEC_BROKER_BAD_OPTION",
        "message": "InMemoryTopicBroker.subscribe() cannot start a consumer:
        - InMemoryTopicBroker.subscribe() has an unknown option \`autoComit\` (did you mean \`autoCommit\`?); known options: source, group, handler, maxAttempts, concurrency, fromBeginning, autoCommit
        - \`autoCommit\` must be true or false, got no",
      }
    `);
  });
});

describe('InMemoryTopicBroker: seek', () => {
  test('a seek back replays the partition from there (kafkajs commits the sought offset)', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    // #region seek
    const subscription = await broker.subscribe({ source: 'orders', handler: recorder('a', log) });
    await broker.publish('orders', messages(3));
    await broker.settle();
    subscription.seek('orders', 0, 1); // the next fetch of partition 0 starts at offset 1
    // #endregion seek
    expect(await broker.committedOffsets('default', 'orders')).toEqual([1]);
    await broker.settle();
    expect(log).toEqual([
      'a:m0@1 (offset 0)',
      'a:m1@1 (offset 1)',
      'a:m2@1 (offset 2)',
      'a:m1@2 (offset 1)',
      'a:m2@2 (offset 2)',
    ]);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([3]);
  });

  test('with autoCommit: false a seek commits nothing: a crash after it resumes from the last commit', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    const a = await broker.subscribe({ source: 'orders', autoCommit: false, handler: recorder('a', log) });
    await broker.publish('orders', messages(2));
    await broker.settle();
    a.seek('orders', 0, 2);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([0]);
    a.crash();
    await broker.subscribe({ source: 'orders', handler: recorder('b', log) });
    await broker.settle();
    expect(log.filter((line) => line.startsWith('b'))).toEqual(['b:m0@2 (offset 0)', 'b:m1@2 (offset 1)']);
  });

  test('a seek while a message is in flight: its result does not move the partition, the next fetch starts at the seek', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sub = await broker.subscribe({
      source: 'orders',
      handler: async (m, d) => {
        log.push(`${m.id}@${d.attempt}`);
        if (m.id === 'm0') await gate;
      },
    });
    await broker.publish('orders', messages(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['m0@1']);
    sub.seek('orders', 0, 2);
    release();
    await broker.settle();
    expect(log).toEqual(['m0@1', 'm2@1', 'm3@1']);
    expect(await broker.committedOffsets('default', 'orders')).toEqual([4]);
  });

  test('a seek outside the log or on a partition the consumer does not own is refused', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const a = await broker.subscribe({ source: 'orders', handler: () => {} });
    await broker.subscribe({ source: 'orders', handler: () => {} });
    await broker.publish('orders', messages(2));
    await broker.settle();
    expect([
      errorOf(() => a.seek('orders', 1, 0)),
      errorOf(() => a.seek('orders', 0, 7)),
      errorOf(() => a.seek('payments', 0, 0)),
    ]).toMatchInlineSnapshot(`
        [
          {
            "code": "EVENTSPEC_BROKER_BAD_SEEK",
            "message": "Consumer default-1 cannot seek to offset 0 of "orders"/1: it does not own that partition (it owns [0]); seek on a partition it owns (kafkajs applies a seek only to an assigned partition).",
          },
          {
            "code": "EVENTSPEC_BROKER_BAD_SEEK",
            "message": "Consumer default-1 cannot seek to offset 7 of "orders"/0: the partition holds offsets 0 to 1; pass a whole number from 0 to 2 (2: the end, past the last message).",
          },
          {
            "code": "EVENTSPEC_BROKER_BAD_SEEK",
            "message": "Consumer default-1 cannot seek to offset 0 of "payments"/0: it consumes "orders", whose partitions are 0 to 1.",
          },
        ]
      `);
  });
});
