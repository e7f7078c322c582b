import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  type Broker,
  checkDelivery,
  type DeliveryCheckError,
  InMemoryQueueBroker,
  InMemoryTopicBroker,
  type RealBrokerOptions,
  subscribedHandler,
  type TopicBroker,
} from '../../src/index.js';
import { Ledger, type Payment, payments } from './corpus/stores.js';

// The real-broker mode of checkDelivery, driven here through the in-memory brokers (they implement the
// same Broker interface, with crashable consumers): fast and deterministic. The same checks on Kafka and
// RabbitMQ are in packages/broker-fixtures/test/delivery.

async function startLedgerConsumer(broker: Broker, ledger: Ledger, dedupe: boolean) {
  return broker.subscribe({
    source: 'payments',
    group: 'ledger',
    handler: (message) => {
      const { id, data } = message as Payment;
      if (dedupe) ledger.addOnce(id, data.amount);
      else ledger.add(id, data.amount);
    },
  });
}

const brokers = [
  ['topics', () => new InMemoryTopicBroker({ partitions: 2 })],
  ['queues', () => new InMemoryQueueBroker()],
] as const;

describe.each(brokers)('checkDelivery({ broker }) on in-memory %s', (_, open) => {
  const options = (dedupe: boolean) => ({
    messages: payments,
    setup: () => new Ledger(),
    handle: subscribedHandler((broker, ledger: Ledger) => startLedgerConsumer(broker, ledger, dedupe)),
    observe: (ledger: Ledger) => ledger.total,
    crashPoints: (ledger: Ledger) => ({ ledger }),
    broker: { open },
    timelineDir: false as const,
  });

  test('an idempotent consumer passes; every run went through the broker', async () => {
    const report = await checkDelivery({ ...options(true), runs: 6, seed: 1 });
    expect(report).toMatchObject({ runs: 6, realRuns: 7 });
    // How the broker interleaves a retry with other partitions' messages is its own business: counted, not fixed.
    expect(report.realFaults).toEqual({
      brokerRedeliveries: expect.any(Number),
      crashes: 2,
      delayed: 4,
      duplicates: 13,
      nacks: 4,
      overlappingRuns: expect.any(Number),
    });
  });

  test('a crash after the effect, before the ack, makes the broker redeliver: a duplicate charge', async () => {
    const error = await checkDelivery({
      ...options(false),
      plan: { failures: [{ message: 1, call: 0, mode: 'crash-after', redeliverAfter: 0 }] },
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    // The topic broker's two partitions may deliver #3 before #2: the broker, not the plan, orders them.
    expect([error.verdict, error.timeline.filter((line) => / #2 /.test(line))]).toEqual([
      'crash-window-duplicate',
      [
        expect.stringMatching(
          /deliver #2 .* → crash after ledger\.add\(\): the effect happened, the ack did not$/,
        ),
        expect.stringMatching(/deliver #2 .* again \(redelivered\), attempt 2$/),
      ],
    ]);
  });

  test('a failed call is a real nack: the broker redelivers, and a dedupe mark written first loses the effect', async () => {
    const error = await checkDelivery({
      ...options(true),
      handle: subscribedHandler((broker, ledger: Ledger) =>
        broker.subscribe({
          source: 'payments',
          handler: (message) => {
            if (ledger.isProcessed(message.id)) return;
            ledger.markProcessed(message.id);
            ledger.add(message.id, (message as Payment).data.amount);
          },
        }),
      ),
      plan: { failures: [{ message: 0, call: 2, mode: 'fail-before', redeliverAfter: 0 }] },
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    // The retry waits for the event loop's next turn: other keys' messages may come first.
    expect([
      error.verdict,
      error.timeline[0],
      error.timeline.some((line) =>
        /deliver #1 PaymentCaptured key "order-1" again \(redelivered\), attempt 2/.test(line),
      ),
    ]).toEqual([
      'lost-effect',
      '1. deliver #1 PaymentCaptured key "order-1" → ledger.add() fails before running; nacked',
      true,
    ]);
  });
});

describe('checkDelivery({ broker }) exploring', () => {
  test('finds a duplicate charge and simplifies it within broker.shrinkRuns real runs', async () => {
    const error = await checkDelivery({
      messages: payments,
      setup: () => new Ledger(),
      handle: (ledger, message) => ledger.add(message.id, message.data.amount),
      observe: (ledger) => ledger.total,
      faults: { reorder: false, concurrency: 1 },
      broker: { open: () => new InMemoryQueueBroker(), shrinkRuns: 3 },
      runs: 5,
      seed: 11,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    const realRuns = error.realRuns ?? 0;
    expect({ verdict: error.verdict, bounded: realRuns >= 2 && realRuns <= 1 + 5 + 3 }).toEqual({
      verdict: 'duplicated-effect',
      bounded: true,
    });
  });

  test('a plain handle is subscribed to broker.source for every run', async () => {
    const seen: string[] = [];
    const report = await checkDelivery({
      messages: payments,
      setup: () => new Ledger(),
      handle: (ledger, message) => {
        seen.push(message.id);
        ledger.addOnce(message.id, message.data.amount);
      },
      observe: (ledger) => ledger.total,
      broker: { open: () => new InMemoryTopicBroker(), source: 'payments' },
      runs: 3,
      seed: 2,
      timelineDir: false,
    });
    expect({ report, seenEveryMessage: new Set(seen).size }).toEqual({
      report: { runs: 3, seed: 2, poisonMessages: [], realRuns: 4, realFaults: expect.any(Object) },
      seenEveryMessage: 4,
    });
  });

  test('a hung delivery is a handler timeout, not a stuck test', async () => {
    const error = await checkDelivery({
      messages: payments,
      setup: () => ({}),
      handle: (_, message) => (message.id === 'p2' ? new Promise<void>(() => undefined) : undefined),
      observe: () => 0,
      broker: { open: () => new InMemoryQueueBroker() },
      timeout: 50,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error.verdict, error.message.split('\n')[0]]).toEqual([
      'handler-timeout',
      'checkDelivery found a handler timeout: delivery of #2 PaymentCaptured (attempt 1) did not settle within 50 ms.',
    ]);
  });
});

describe('checkDelivery({ broker }) with competing consumers', () => {
  /** Order statuses, last write wins; a slow write lands late. */
  class Statuses {
    readonly byOrder = new Map<string, string>();
    async write(order: string, status: string, slow: boolean): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, slow ? 30 : 0));
      this.byOrder.set(order, status);
    }
  }
  const updates = [
    { id: 'u1', type: 'OrderStatus', key: 'order-1', data: { status: 'paid', slow: true } },
    { id: 'u2', type: 'OrderStatus', key: 'order-1', data: { status: 'shipped', slow: false } },
  ];

  test("two consumers of one queue reorder one order's updates: a last-write-wins handler is caught", async () => {
    const error = await checkDelivery({
      messages: updates,
      setup: () => new Statuses(),
      handle: (statuses, { key, data }) => statuses.write(key, data.status, data.slow),
      observe: (statuses) => Object.fromEntries(statuses.byOrder),
      faults: { duplicate: false, reorder: false, concurrency: 1 },
      broker: { open: () => new InMemoryQueueBroker(), consumers: 2 },
      runs: 1,
      seed: 1,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found an order-dependent result: delivering the messages in another order changed the result.

      Delivery plan (found after 1 plan, shrunk 0 times):
        1. start #1 OrderStatus key "order-1"
        2. start #2 OrderStatus key "order-1"
        3. #2 acked
        4. #1 acked

      Result against the reference run (every message once, in order):
        ["order-1"]: expected "shipped", received "paid"

      Real broker: 2 runs through it (2 consumers in each plan run); the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: {} })
      Search: checkDelivery({ ...options, seed: 1, path: "0" }) finds it again
      Hint: Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting."
    `);
  });
});

describe('checkDelivery({ broker }) says what it cannot do', () => {
  test('bad broker options are reported together', async () => {
    await expect(
      checkDelivery({
        messages: payments,
        setup: () => ({}),
        handle: () => undefined,
        observe: () => 0,
        broker: { open: 'kafka' as never, shrinkRuns: -1, settleTimeout: 0 },
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: checkDelivery cannot run:
        - \`broker.open\` must be a function opening a broker in a fresh namespace, e.g. () => kafka.newBroker()
        - \`broker.shrinkRuns\` must be a whole number ≥ 0
        - \`broker.settleTimeout\` must be a number of milliseconds > 0]
    `);
  });

  test('a broker whose consumers cannot crash refuses crashAfter plans, naming the fix', async () => {
    const withoutCrash = (): Broker => {
      const broker = new InMemoryQueueBroker();
      return new Proxy(broker, {
        get: (target, property) => {
          if (property === 'subscribe')
            return async (options: Parameters<Broker['subscribe']>[0]) => {
              const { id, stop } = await target.subscribe(options);
              return { id, stop, [Symbol.asyncDispose]: stop };
            };
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    await expect(
      checkDelivery({
        messages: payments,
        setup: () => new Ledger(),
        handle: (ledger, message) => ledger.addOnce(message.id, message.data.amount),
        observe: (ledger) => ledger.total,
        crashPoints: (ledger) => ({ ledger }),
        broker: { open: withoutCrash },
        plan: { failures: [{ message: 0, call: 0, mode: 'crash-after', redeliverAfter: 0 }] },
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: checkDelivery cannot crash a consumer of this broker: its subscriptions have no crash() method (the in-memory brokers' and @eventspec/broker-fixtures' KafkaBroker / RabbitMqBroker have one). Set faults: { crashAfter: false } for this broker.]`,
    );
  });

  test('a broker that never delivers is reported as stalled, with what is missing', async () => {
    const losing = (): Broker => {
      const broker = new InMemoryQueueBroker();
      return new Proxy(broker, {
        get: (target, property) => {
          if (property === 'publish')
            return (destination: string, messages: readonly Payment[]) =>
              target.publish(destination, messages.slice(0, 1));
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    await expect(
      checkDelivery({
        messages: payments,
        setup: () => new Ledger(),
        handle: (ledger, message) => ledger.addOnce(message.id, message.data.amount),
        observe: (ledger) => ledger.total,
        broker: { open: losing, settleTimeout: 100 },
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecError: checkDelivery on a real broker waited 100 ms and these messages were never acknowledged or dead-lettered: #2 PaymentCaptured (0/1 done), #3 PaymentCaptured (0/1 done), #4 PaymentCaptured (0/1 done). The broker stopped delivering (a consumer that never rejoined, a lost connection): check the broker, or raise \`broker.settleTimeout\` if it is only slow.]`,
    );
  });
});

describe('RealBrokerOptions types', () => {
  test('open returns any Broker, sync or async; anything else is refused', () => {
    expectTypeOf<() => Promise<TopicBroker>>().toExtend<RealBrokerOptions['open']>();
    expectTypeOf<() => InMemoryQueueBroker>().toExtend<RealBrokerOptions['open']>();
    expectTypeOf<() => Promise<{ publish: () => void }>>().not.toExtend<RealBrokerOptions['open']>();
    // @ts-expect-error: consumers is a number of consumers
    const wrong: RealBrokerOptions = { open: () => new InMemoryQueueBroker(), consumers: 'two' };
    void wrong;
  });
});

describe.each(brokers)('replays and restarts through the in-memory %s in broker mode', (_, open) => {
  type Deduping = { ledger: Ledger; seen: Set<string> };
  test('a dedupe cache lost on restart is caught: the consumer dies before its commit or ack', async () => {
    const error = await checkDelivery({
      messages: payments,
      setup: (): Deduping => ({ ledger: new Ledger(), seen: new Set() }),
      restart: (w: Deduping) => {
        w.seen = new Set();
      },
      handle: subscribedHandler((broker, w: Deduping) =>
        broker.subscribe({
          source: 'payments',
          group: 'ledger',
          handler: (message) => {
            if (w.seen.has(message.id)) return;
            w.seen.add(message.id);
            w.ledger.add(message.id, (message as Payment).data.amount);
          },
        }),
      ),
      observe: (w: Deduping) => w.ledger.total,
      faults: { replayFromCommit: true, duplicate: false, reorder: false },
      broker: { open, source: 'payments' },
      runs: 5,
      seed: 1,
      timelineDir: false,
    }).then(
      () => expect.unreachable(),
      (thrown: DeliveryCheckError) => thrown,
    );
    expect([error.verdict, error.plan.replays, error.hint]).toEqual([
      'duplicated-effect',
      [{ message: expect.any(Number), commitEvery: 1 }],
      'What remembered handled messages lived in process memory and was lost on the restart: keep dedupe records durable, next to the effect.',
    ]);
    expect(error.timeline.join('\n')).toContain('the consumer process restarts (restart(world))');
  });

  test('the same handler with a durable dedupe passes the same replays', async () => {
    const report = await checkDelivery({
      messages: payments,
      setup: () => new Ledger(),
      restart: () => {},
      handle: subscribedHandler((broker, ledger: Ledger) => startLedgerConsumer(broker, ledger, true)),
      observe: (ledger: Ledger) => ledger.total,
      faults: { replayFromCommit: true, duplicate: false, reorder: false },
      broker: { open },
      runs: 5,
      seed: 1,
      timelineDir: false,
    });
    expect(report.runs).toBe(5);
  });
});
