import {
  type Broker,
  checkDelivery,
  type DeliveryCheckError,
  type Message,
  subscribedHandler,
} from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

// checkDelivery's replay-from-commit and restart faults on the real brokers: the plan kills the consumer
// after it handled a message and before its commit (Kafka) or ack (RabbitMQ: the channel closes with the
// message unacked), and `restart(world)` empties what lived in the consumer's memory.

type Charge = Message<{ total: number }>;
const charge = (n: number): Charge => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key: 'o-1',
  data: { total: 100 * n },
});
const oneOrder = [charge(1), charge(2), charge(3)];

/** Durable totals; `seen` lives in the consumer process; `lastId` is a durable "last id handled" per order. */
type Billing = { total: number; seen: Set<string>; lastId: Map<string, string> };
const newBilling = (): Billing => ({ total: 0, seen: new Set(), lastId: new Map() });

const subscribe = (broker: Broker, billing: Billing, dedupe: 'memory' | 'last-id') =>
  broker.subscribe({
    source: 'orders',
    group: 'billing',
    handler: (message) => {
      const { id, key, data } = message as Charge;
      if (dedupe === 'memory') {
        if (billing.seen.has(id)) return;
        billing.seen.add(id);
      } else {
        if (billing.lastId.get(key) === id) return;
        billing.lastId.set(key, id);
      }
      billing.total += data.total;
    },
  });

const options = (open: () => Promise<Broker> | Broker, dedupe: 'memory' | 'last-id') => ({
  messages: oneOrder,
  setup: newBilling,
  restart: (billing: Billing) => {
    billing.seen = new Set();
  },
  handle: subscribedHandler((broker, billing: Billing) => subscribe(broker, billing, dedupe)),
  observe: (billing: Billing) => billing.total,
  broker: { open },
  timelineDir: false as const,
});
const failure = (check: Promise<unknown>) =>
  check.then(
    () => {
      throw new Error('expected the delivery check to fail');
    },
    (error: DeliveryCheckError) => error,
  );

describe.concurrent('checkDelivery replays and restarts on Kafka', () => {
  test('a consumer that dies before its commit: the batch since the last commit comes again, past a "last id" dedupe', async ({
    kafka,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => kafka.newBroker({ commitEvery: 3 }), 'last-id'),
        plan: { replays: [{ message: 1, commitEvery: 1 }] },
      }),
    );
    expect([
      error.verdict,
      error.timeline.some((line) => /#1 OrderPlaced key "o-1" again/.test(line)),
    ]).toEqual(['duplicated-effect', true]);
  }, 60_000);

  test('a dedupe cache in memory is lost on the restart after the crash', async ({ kafka, expect }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => kafka.newBroker(), 'memory'),
        plan: { replays: [{ message: 0, commitEvery: 1 }] },
      }),
    );
    expect([error.verdict, error.timeline.join('\n').includes('restart(world)')]).toEqual([
      'duplicated-effect',
      true,
    ]);
  }, 60_000);
});

describe.concurrent('checkDelivery replays and restarts on RabbitMQ', () => {
  test('a channel closed with the message unacked: it is requeued, and the cache in memory is gone', async ({
    rabbitmq,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => rabbitmq.newBroker(), 'memory'),
        plan: { replays: [{ message: 0, commitEvery: 1 }] },
      }),
    );
    expect([error.verdict, error.timeline.join('\n').includes('restart(world)')]).toEqual([
      'duplicated-effect',
      true,
    ]);
  }, 60_000);

  test('a durable dedupe passes the same replay', async ({ rabbitmq, expect }) => {
    const report = await checkDelivery({
      ...options(() => rabbitmq.newBroker(), 'last-id'),
      messages: [charge(1)],
      plan: { replays: [{ message: 0, commitEvery: 1 }] },
    });
    expect(report.runs).toBe(1);
  }, 60_000);
});
