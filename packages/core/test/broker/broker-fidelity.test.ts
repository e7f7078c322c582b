import { describe, expect, test } from 'vitest';
import { partitionFor } from '../../src/broker/murmur2.js';
import { type Broker, InMemoryQueueBroker, InMemoryTopicBroker, type Message } from '../../src/index.js';

const msg = (id: string, key: string): Message => ({ id, type: 'Noted', key, data: null });
const codeOf = async (work: () => unknown): Promise<string | undefined> => {
  try {
    await work();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};
const brokers: [string, () => Broker][] = [
  ['InMemoryTopicBroker', () => new InMemoryTopicBroker()],
  ['InMemoryQueueBroker', () => new InMemoryQueueBroker()],
];

describe.each(brokers)('%s refuses what it could not honour', (_, open) => {
  test('a subscription with no handler, concurrency 0 or -1, maxAttempts Infinity, a misspelled key', async () => {
    await using broker = open();
    const handler = () => {};
    const refused = [
      { source: 'payments' },
      { source: 'payments', handler, concurrency: 0 },
      { source: 'payments', handler, concurrency: -1 },
      { source: 'payments', handler, maxAttempts: Number.POSITIVE_INFINITY },
      { source: 'payments', handlr: handler },
    ];
    const codes = [];
    for (const options of refused) codes.push(await codeOf(() => broker.subscribe(options as never)));
    expect(codes).toEqual(refused.map(() => 'EVENTSPEC_BROKER_BAD_OPTION'));
    await expect(broker.subscribe({ source: 'payments', handlr: handler } as never)).rejects.toThrow(
      'has an unknown option `handlr` (did you mean `handler`?)',
    );
  });

  test('publish with something other than an array of messages', async () => {
    await using broker = open();
    if (broker instanceof InMemoryQueueBroker) await broker.declareQueue('payments');
    for (const bad of [msg('p1', 'k'), null, 'p1', [{ id: 1 }]]) {
      expect(await codeOf(() => broker.publish('payments', bad as never))).toBe(
        'EVENTSPEC_BROKER_BAD_MESSAGES',
      );
    }
  });

  test('a handler that always fails under a huge maxAttempts still lets settle({ timeout }) fire', async () => {
    await using broker = open();
    if (broker instanceof InMemoryQueueBroker) await broker.declareQueue('payments');
    await broker.subscribe({
      source: 'payments',
      handler: () => {
        throw new Error('always');
      },
      maxAttempts: 1_000_000,
    });
    await broker.publish('payments', [msg('p1', 'k')]);
    const started = Date.now();
    expect(await codeOf(() => broker.settle({ timeout: 100 }))).toBe('EVENTSPEC_BROKER_SETTLE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('InMemoryTopicBroker behaves like Kafka', () => {
  test('createTopic twice with another partition count is refused; the same count is fine', async () => {
    await using broker = new InMemoryTopicBroker();
    await broker.createTopic('orders', { partitions: 3 });
    await broker.createTopic('orders', { partitions: 3 });
    await expect(broker.createTopic('orders', { partitions: 6 })).rejects.toMatchObject({
      code: 'EVENTSPEC_BROKER_TOPIC_MISMATCH',
      actual: 6,
      expected: 3,
    });
    expect(await codeOf(() => new InMemoryTopicBroker({ partitons: 3 } as never))).toBe(
      'EVENTSPEC_BROKER_BAD_OPTION',
    );
  });

  test('a member whose partition a rebalance takes commits what it handled first (no redelivery)', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2, commitEvery: 100 });
    const seen: string[] = [];
    await broker.subscribe({ source: 'orders', group: 'g', handler: (m) => void seen.push(`a:${m.id}`) });
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
    await broker.publish(
      'orders',
      keys.map((key, i) => msg(`m${i}`, key)),
    );
    await broker.settle();
    await broker.subscribe({ source: 'orders', group: 'g', handler: (m) => void seen.push(`b:${m.id}`) });
    await broker.settle();
    expect(seen.filter((s) => s.startsWith('b:'))).toEqual([]);
    const perPartition = [0, 1].map((p) => keys.filter((key) => partitionFor(key, 2) === p).length);
    expect(await broker.committedOffsets('g', 'orders')).toEqual(perPartition);
  });

  test('one consumer serves its partitions in turns, not partition 0 first', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 2 });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const [first] = [0, 1].map((p) => keys.filter((key) => partitionFor(key, 2) === p));
    const other = keys.filter((key) => !first!.includes(key));
    const messages = [...first!.slice(0, 2), ...other.slice(0, 2)].map((key) => msg(key, key));
    const partitions: number[] = [];
    await broker.publish('orders', messages);
    await broker.subscribe({
      source: 'orders',
      handler: (m) => void partitions.push(partitionFor(m.key, 2)),
    });
    await broker.settle();
    expect(partitions[0]).not.toBe(partitions[1]);
  });

  test('fromBeginning: false starts a new group at the end of the log', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    await broker.publish('orders', [msg('old', 'k')]);
    const seen: string[] = [];
    await broker.subscribe({
      source: 'orders',
      group: 'late',
      fromBeginning: false,
      handler: (m) => void seen.push(m.id),
    });
    await broker.publish('orders', [msg('new', 'k')]);
    await broker.settle();
    expect(seen).toEqual(['new']);
  });

  test("a dead-letter topic's copy says where it came from and why, in Spring Kafka's headers", async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    await broker.subscribe({
      source: 'orders',
      maxAttempts: 2,
      handler: () => {
        throw new TypeError('no amount');
      },
    });
    await broker.publish('orders', [msg('p1', 'k')]);
    await broker.settle();
    expect(broker.partitionsOf('orders.dead-letter').flat()[0]?.headers).toEqual({
      'kafka_dlt-original-topic': 'orders',
      'kafka_dlt-original-partition': '0',
      'kafka_dlt-original-offset': '0',
      'kafka_dlt-exception-message': 'no amount',
      'kafka_dlt-exception-fqcn': 'TypeError',
    });
  });

  test('settle() does not pretend all is done when the only consumer crashed: it says so', async () => {
    await using broker = new InMemoryTopicBroker({ partitions: 1 });
    const consumer = await broker.subscribe({
      source: 'orders',
      group: 'g',
      handler: () => new Promise(() => {}),
    });
    await broker.publish('orders', [msg('p1', 'k'), msg('p2', 'k')]);
    await new Promise((resolve) => setImmediate(resolve));
    consumer.crash();
    await expect(broker.settle({ timeout: 50 })).rejects.toThrow(
      'group "g" has 2 messages of "orders" left and no consumer: its last one crashed',
    );
  });
});

describe('InMemoryQueueBroker behaves like RabbitMQ', () => {
  test("the delivery limit is the queue's, whichever consumer got the deliveries; x-death on the copy", async () => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareExchange('dlx', 'fanout');
    await broker.declareQueue('dead');
    await broker.bindQueue('dead', 'dlx');
    await broker.declareQueue('payments', { deadLetterExchange: 'dlx', deliveryLimit: 2 });
    const fail = () => {
      throw new Error('down');
    };
    await broker.subscribe({ source: 'payments', handler: fail, maxAttempts: 5 });
    await broker.subscribe({ source: 'payments', handler: fail, maxAttempts: 5 });
    await broker.publish('payments', [msg('p1', 'k')]);
    await broker.settle();
    expect(broker.deadLetters.map((d) => d.attempts)).toEqual([2]);
    const copy = broker.messagesIn('dead')[0]!;
    expect(JSON.parse(copy.headers!['x-death']!)).toEqual([
      {
        count: 2,
        reason: 'rejected',
        queue: 'payments',
        time: expect.any(String),
        exchange: '',
        'routing-keys': ['k'],
        error: 'Error: down',
      },
    ]);
    expect(copy.headers!['x-first-death-queue']).toBe('payments');
  });

  test('settle() says when messages wait because the only consumer crashed', async () => {
    await using broker = new InMemoryQueueBroker();
    await broker.declareQueue('payments');
    const consumer = await broker.subscribe({ source: 'payments', handler: () => new Promise(() => {}) });
    await broker.publish('payments', [msg('p1', 'k')]);
    await new Promise((resolve) => setImmediate(resolve));
    consumer.crash();
    await expect(broker.settle({ timeout: 50 })).rejects.toThrow(
      'queue "payments" has 1 ready and no consumer: its only consumer crashed (subscribe a new one)',
    );
  });
});
