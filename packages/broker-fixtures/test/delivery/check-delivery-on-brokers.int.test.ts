import {
  type Broker,
  checkDelivery,
  type DeliveryCheckError,
  type Message,
  type RealFaults,
  subscribedHandler,
} from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';

// checkDelivery with `broker`: the reference run and every plan go through Kafka / RabbitMQ, and the faults
// are real ones. Each Kafka run costs a consumer-group join (~3 s on librdkafka's mock cluster): the
// checks run concurrently and replay or explore only a few plans.

type Charge = Message<{ orderId: string; total: number }>;
const charge = (n: number, orderId = `o-${n}`): Charge => ({
  id: `m-${n}`,
  type: 'OrderPlaced',
  key: orderId,
  data: { orderId, total: 100 * n },
});
const charges = [charge(1), charge(2), charge(3, 'o-1')];

/** Billing state. `chargeOnce` writes the effect and the dedupe record at once; the others are the bugs. */
class Billing {
  readonly totals = new Map<string, number>();
  readonly applied = new Set<string>();
  charge(orderId: string, total: number): void {
    this.totals.set(orderId, (this.totals.get(orderId) ?? 0) + total);
  }
  markApplied(id: string): void {
    this.applied.add(id);
  }
  chargeOnce(id: string, orderId: string, total: number): void {
    if (this.applied.has(id)) return;
    this.applied.add(id);
    this.totals.set(orderId, (this.totals.get(orderId) ?? 0) + total);
  }
  snapshot(): [string, number][] {
    return [...this.totals].sort(([a], [b]) => a.localeCompare(b));
  }
}

type Variant = 'idempotent' | 'charges-every-delivery' | 'marks-before-charging';

const startBilling = (broker: Broker, billing: Billing, variant: Variant) =>
  broker.subscribe({
    source: 'orders',
    group: 'billing',
    handler: (message) => {
      const { id, data } = message as Charge;
      if (variant === 'idempotent') return billing.chargeOnce(id, data.orderId, data.total);
      if (variant === 'marks-before-charging') {
        if (billing.applied.has(id)) return;
        billing.markApplied(id);
      }
      billing.charge(data.orderId, data.total);
    },
  });

const options = (open: () => Promise<Broker> | Broker, variant: Variant, messages = charges) => ({
  messages,
  setup: () => new Billing(),
  handle: subscribedHandler((broker, billing: Billing) => startBilling(broker, billing, variant)),
  observe: (billing: Billing) => billing.snapshot(),
  crashPoints: (billing: Billing) => ({ billing }),
  broker: { open },
  timelineDir: false as const,
});

/** A handler that never settles on order #2: the run must end with a timeout, the consumer must not hang. */
const hangsOnSecond = (open: () => Promise<Broker> | Broker) => ({
  messages: charges,
  setup: () => ({}),
  handle: (_: object, message: Message) =>
    message.id === 'm-2' ? new Promise<void>(() => undefined) : undefined,
  observe: () => 0,
  broker: { open },
  timeout: 300,
  timelineDir: false as const,
});
/** Whether the explored plans really made the broker duplicate, nack and lose deliveries to a crash. */
const exercised = (faults: RealFaults | undefined) => ({
  duplicated: (faults?.duplicates ?? 0) > 0,
  nacked: (faults?.nacks ?? 0) > 0,
  crashed: (faults?.crashes ?? 0) > 0,
});
const everyFault = { duplicated: true, nacked: true, crashed: true };
/** The failure message with its timeline replaced by `summary(timeline)`: for runs the broker orders freely. */
const withTimeline = (error: DeliveryCheckError, summary: (timeline: string[]) => string) =>
  error.message.replace(error.timeline.map((line) => `  ${line}`).join('\n'), `  ${summary(error.timeline)}`);
const summarizeRace = (timeline: string[]) => {
  const starts = [...timeline].filter((line) => / start #/.test(line)).length;
  const acks = timeline.filter((line) => / acked$/.test(line)).map((line) => line.replace(/^\d+\. /, ''));
  return starts === 2 && acks.join(', ') === '#2 acked, #1 acked'
    ? '(the two consumers start both updates in either order; #2 is acked before #1)'
    : timeline.join(' | ');
};
const firstLine = (error: Error) => error.message.split('\n')[0];

const failure = (check: Promise<unknown>) =>
  check.then(
    () => {
      throw new Error('checkDelivery passed; it should have failed');
    },
    (thrown: DeliveryCheckError) => thrown,
  );

const crashAfterCharge = {
  failures: [{ message: 1, call: 0, mode: 'crash-after' as const, redeliverAfter: 0 }],
};
const failCharge = { failures: [{ message: 1, call: 1, mode: 'fail-before' as const, redeliverAfter: 0 }] };
/** One order key: a single partition on Kafka, so the delivery order (and the output) is fixed. */
const oneOrder = [charge(1, 'o-1'), charge(2, 'o-1'), charge(3, 'o-1')];

describe.concurrent('checkDelivery on RabbitMQ: requeues and killed channels are real', () => {
  test('a consumer killed after charging and before its ack: RabbitMQ requeues, the charge repeats', async ({
    rabbitmq,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => rabbitmq.newBroker(), 'charges-every-delivery'),
        plan: crashAfterCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-2" → crash after billing.charge(): the effect happened, the ack did not
        3. deliver #2 OrderPlaced key "o-2" again (redelivered), attempt 2
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [1][1]: expected 200, received 400

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 0, mode: "crash-after", redeliverAfter: 0 }] } })
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  });

  test('a failed charge is nacked and requeued; a dedupe mark written first skips it: a lost charge', async ({
    rabbitmq,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({ ...options(() => rabbitmq.newBroker(), 'marks-before-charging'), plan: failCharge }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a lost effect: part of the reference result is missing after this delivery plan.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-2" → billing.charge() fails before running; nacked
        3. deliver #2 OrderPlaced key "o-2" again (redelivered), attempt 2
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [1]: missing, expected ["o-2", 200]

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 1, mode: "fail-before", redeliverAfter: 0 }] } })
      Hint: A redelivery skipped work the failed attempt never finished: write the dedupe record in one atomic write with all the effects, not before or between them."
    `);
  });

  test('exploring: an order published twice is charged twice, found and simplified in a bounded number of runs', async ({
    rabbitmq,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => rabbitmq.newBroker(), 'charges-every-delivery'),
        faults: { reorder: false, concurrency: 1, failBefore: false, crashAfter: false },
        runs: 5,
        seed: 3,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a duplicated effect: delivering a message more than once changed the result.

      Delivery plan (found after 1 plan, shrunk 0 times, simplified 4 times):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #1 OrderPlaced key "o-1" again (duplicate), attempt 2
        3. deliver #2 OrderPlaced key "o-2"
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [0][1]: expected 400, received 500

      Real broker: 9 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { duplicates: [{ message: 0, after: 0 }] } })
      Search: checkDelivery({ ...options, seed: 3, path: "0" }) finds it again
      Hint: Deduplicate by message id (never by attempt or delivery time), and keep the ids as long as a duplicate can arrive."
    `);
  });

  test("two competing consumers of the queue reorder one order's updates: last-write-wins is caught", async ({
    rabbitmq,
    expect,
  }) => {
    const statuses = [
      { id: 'u1', type: 'OrderStatus', key: 'o-1', data: { status: 'paid', slow: true } },
      { id: 'u2', type: 'OrderStatus', key: 'o-1', data: { status: 'shipped', slow: false } },
    ];
    const error = await failure(
      checkDelivery({
        messages: statuses,
        setup: () => new Map<string, string>(),
        handle: async (byOrder, { key, data }) => {
          await new Promise((resolve) => setTimeout(resolve, data.slow ? 150 : 0));
          byOrder.set(key, data.status);
        },
        observe: (byOrder) => Object.fromEntries(byOrder),
        faults: { duplicate: false, reorder: false, concurrency: 1 },
        broker: { open: () => rabbitmq.newBroker(), consumers: 2 },
        runs: 1,
        seed: 1,
        timelineDir: false,
      }),
    );
    expect(withTimeline(error, summarizeRace)).toMatchInlineSnapshot(`
      "checkDelivery found an order-dependent result: delivering the messages in another order changed the result.

      Delivery plan (found after 1 plan, shrunk 0 times):
        (the two consumers start both updates in either order; #2 is acked before #1)

      Result against the reference run (every message once, in order):
        ["o-1"]: expected "shipped", received "paid"

      Real broker: 2 runs through it (2 consumers in each plan run); the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: {} })
      Search: checkDelivery({ ...options, seed: 1, path: "0" }) finds it again
      Hint: Make the result independent of arrival order: keep state per key, or compare versions/sequence numbers before overwriting."
    `);
  });

  test('a hung handler ends the run as a handler timeout', async ({ rabbitmq, expect }) => {
    const error = await failure(checkDelivery(hangsOnSecond(() => rabbitmq.newBroker())));
    expect(firstLine(error)).toMatchInlineSnapshot(
      `"checkDelivery found a handler timeout: delivery of #2 OrderPlaced (attempt 1) did not settle within 300 ms."`,
    );
  });

  test('an idempotent consumer passes explored plans (duplicates, failures, crashes, prefetch 2)', async ({
    rabbitmq,
    expect,
  }) => {
    const report = await checkDelivery({
      ...options(() => rabbitmq.newBroker(), 'idempotent'),
      runs: 6,
      seed: 4,
    });
    expect([report.realRuns, exercised(report.realFaults)]).toEqual([7, everyFault]);
  });
});

describe.concurrent('checkDelivery on Kafka: uncommitted offsets come back', () => {
  test('a consumer killed after charging and before its commit: the group redelivers, the charge repeats', async ({
    kafka,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => kafka.newBroker(), 'charges-every-delivery', oneOrder),
        plan: crashAfterCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-1" → crash after billing.charge(): the effect happened, the ack did not
        3. deliver #2 OrderPlaced key "o-1" again (redelivered), attempt 2
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [0][1]: expected 600, received 800

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 0, mode: "crash-after", redeliverAfter: 0 }] } })
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  }, 60_000);

  test('with commits every 3 messages, a crash also brings back the acked but uncommitted ones', async ({
    kafka,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => kafka.newBroker({ commitEvery: 3 }), 'charges-every-delivery', oneOrder),
        plan: crashAfterCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-1" → crash after billing.charge(): the effect happened, the ack did not
        3. deliver #1 OrderPlaced key "o-1" again (redelivered), attempt 2
        4. deliver #2 OrderPlaced key "o-1" again (redelivered), attempt 2
        5. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [0][1]: expected 600, received 900

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 0, mode: "crash-after", redeliverAfter: 0 }] } })
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  }, 60_000);

  test('with commitEvery, offsets are committed every n messages, and the rest on a clean stop', async ({
    kafka,
    expect,
  }) => {
    const broker = kafka.newBroker({ commitEvery: 2 });
    const subscription = await broker.subscribe({
      source: 'orders',
      group: 'billing',
      handler: () => undefined,
    });
    await broker.publish('orders', oneOrder);
    await broker.settle({ timeout: 15_000 });
    const whileRunning = await broker.committedOffsets('billing', 'orders');
    await subscription.stop();
    const afterStop = await broker.committedOffsets('billing', 'orders');
    expect([Math.max(...whileRunning), Math.max(...afterStop)]).toEqual([2, 3]);
  }, 60_000);

  test('a failed charge is not committed and comes again; a dedupe mark written first skips it', async ({
    kafka,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => kafka.newBroker(), 'marks-before-charging', oneOrder),
        plan: failCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a lost effect: part of the reference result is missing after this delivery plan.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-1" → billing.charge() fails before running; nacked
        3. deliver #2 OrderPlaced key "o-1" again (redelivered), attempt 2
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [0][1]: expected 600, received 400

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 1, mode: "fail-before", redeliverAfter: 0 }] } })
      Hint: A redelivery skipped work the failed attempt never finished: write the dedupe record in one atomic write with all the effects, not before or between them."
    `);
  }, 60_000);

  test('a hung handler ends the run as a handler timeout; the consumer still disconnects', async ({
    kafka,
    expect,
  }) => {
    const error = await failure(checkDelivery(hangsOnSecond(() => kafka.newBroker())));
    expect(firstLine(error)).toMatchInlineSnapshot(
      `"checkDelivery found a handler timeout: delivery of #2 OrderPlaced (attempt 1) did not settle within 300 ms."`,
    );
  }, 60_000);

  test('an idempotent consumer passes explored plans', async ({ kafka, expect }) => {
    const report = await checkDelivery({
      ...options(() => kafka.newBroker(), 'idempotent'),
      runs: 3,
      seed: 4,
    });
    expect([report.realRuns, exercised(report.realFaults)]).toEqual([4, everyFault]);
  }, 60_000);
});

describe.concurrent('checkDelivery on NATS JetStream and Redis Streams: unacknowledged messages come back', () => {
  test('NATS: a consumer killed after charging and before its ack: redelivered after ack_wait, the charge repeats', async ({
    nats,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => nats.newBroker({ ackWaitMs: 1000 }), 'charges-every-delivery', oneOrder),
        plan: crashAfterCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-1" → crash after billing.charge(): the effect happened, the ack did not
        3. deliver #2 OrderPlaced key "o-1" again (redelivered), attempt 2
        4. deliver #3 OrderPlaced key "o-1"

      Result against the reference run (every message once, in order):
        [0][1]: expected 600, received 800

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 0, mode: "crash-after", redeliverAfter: 0 }] } })
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  }, 60_000);

  test('Redis: a consumer killed after charging and before its XACK: claimed again, the charge repeats', async ({
    redis,
    expect,
  }) => {
    const error = await failure(
      checkDelivery({
        ...options(() => redis.newBroker(), 'charges-every-delivery', oneOrder),
        plan: crashAfterCharge,
      }),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "checkDelivery found a crash-window duplicate: a crash after the effect and before the ack made the redelivery repeat the effect.

      Delivery plan (replayed):
        1. deliver #1 OrderPlaced key "o-1"
        2. deliver #2 OrderPlaced key "o-1" → crash after billing.charge(): the effect happened, the ack did not
        3. deliver #3 OrderPlaced key "o-1"
        4. deliver #2 OrderPlaced key "o-1" again (redelivered), attempt 2

      Result against the reference run (every message once, in order):
        [0][1]: expected 600, received 800

      Real broker: 2 runs through it; the broker, not the plan, placed redeliveries, so a replay may deliver differently.
      Replay: checkDelivery({ ...options, plan: { failures: [{ message: 1, call: 0, mode: "crash-after", redeliverAfter: 0 }] } })
      Hint: Make the effect and the dedupe record one atomic write (a transaction, or an outbox row keyed by message id)."
    `);
  }, 60_000);

  test('NATS: an idempotent consumer passes explored plans (duplicates, naks, crashes)', async ({
    nats,
    expect,
  }) => {
    const report = await checkDelivery({
      ...options(() => nats.newBroker({ ackWaitMs: 1000 }), 'idempotent'),
      runs: 4,
      seed: 4,
    });
    expect([report.realRuns, exercised(report.realFaults)]).toEqual([5, everyFault]);
  }, 60_000);

  test('Redis: an idempotent consumer passes explored plans (duplicates, failures, crashes)', async ({
    redis,
    expect,
  }) => {
    const report = await checkDelivery({
      ...options(() => redis.newBroker(), 'idempotent'),
      runs: 4,
      seed: 4,
    });
    expect([report.realRuns, exercised(report.realFaults)]).toEqual([5, everyFault]);
  }, 60_000);
});
