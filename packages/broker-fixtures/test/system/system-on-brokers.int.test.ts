import { type Broker, type FlowEntry, type SystemReport, system } from '@eventspec/core';
import { describe } from 'vitest';
import { brokerTest as test } from '../../src/vitest.js';
import { placeOrder, shop } from './shop.js';

// One system scenario of a small shop — orders and payments, a checkout process manager with a 15-minute
// payment timeout, a sales projection whose first handling of a completed order crashes — on the in-memory
// broker and through each real broker. The end state must be the same everywhere; the crash is redelivered
// by the broker itself (the report's `redeliveries`); the timeout fires on the virtual clock.

const start = '2026-03-02T09:00:00.000Z';
const expected = {
  sent: [
    { type: 'CapturePayment', orderId: 'o-2', amount: 500 },
    { type: 'CancelOrder', orderId: 'o-2' },
  ],
  published: [
    { type: 'OrderPlaced', orderId: 'o-2' },
    { type: 'OrderCancelled', reason: 'payment timed out' },
  ],
  state: {
    orders: new Map([
      ['o-1', { status: 'completed', total: 300 }],
      ['o-2', { status: 'cancelled', total: 500 }],
    ]),
    sales: { completed: 1, revenue: 300 },
  },
};

/** Order o-1 is paid and completed (its sale crashes once); o-2 is over the card limit and times out. */
const runShop = (broker?: { open: () => Broker | Promise<Broker> }) =>
  system(shop({ crashOnce: true, cardLimit: 400 }), { start, ...(broker ? { broker } : {}) })
    .given([placeOrder('o-1', 300)])
    .when(placeOrder('o-2', 500))
    .eventually(expected, { within: '1h', svgDir: false });

/** The flow as a sorted list: brokers interleave services freely, the messages and their times must not differ. */
const flowOf = (report: SystemReport) => report.flow.map(describeEntry).sort();
const describeEntry = (entry: FlowEntry) =>
  `${entry.phase} ${entry.at.toISOString().slice(11)} ${entry.kind} ${entry.from} → ${entry.to} ${JSON.stringify(entry.message)}`;

const redeliveriesOf = (report: SystemReport) =>
  report.redeliveries.map(({ service, message, attempt, error }) => ({
    service,
    message,
    attempt,
    error: String(error),
  }));

let inMemoryRun: Promise<SystemReport> | undefined;
const inMemory = () => {
  inMemoryRun ??= runShop();
  return inMemoryRun;
};

/** The same run as on the in-memory broker, and the crash redelivered once, by the broker. */
async function sameAsInMemory(report: SystemReport, expect: typeof import('vitest').expect) {
  const reference = await inMemory();
  expect(flowOf(report)).toEqual(flowOf(reference));
  expect(report.state).toEqual(reference.state);
  expect(report.log.map((message) => message.type)).toEqual(reference.log.map((message) => message.type));
  expect(redeliveriesOf(report)).toEqual(redeliveriesOf(reference));
}

describe.concurrent('a system scenario runs the same on the in-memory broker and on real brokers', () => {
  test('on the in-memory broker: the crashed sale is redelivered, the payment times out on the virtual clock', async ({
    expect,
  }) => {
    const report = await inMemory();
    expect(redeliveriesOf(report)).toMatchInlineSnapshot(`
      [
        {
          "attempt": 2,
          "error": "Error: sales database unreachable while recording o-1",
          "message": {
            "orderId": "o-1",
            "total": 300,
            "type": "OrderCompleted",
          },
          "service": "sales",
        },
      ]
    `);
    expect(report.flow.map(describeEntry)).toMatchInlineSnapshot(`
      [
        "given 09:00:00.000Z command test → orders {"type":"PlaceOrder","orderId":"o-1","total":300}",
        "given 09:00:00.000Z event orders → orders {"type":"OrderPlaced","orderId":"o-1","total":300}",
        "given 09:00:00.000Z command checkout → payments {"type":"CapturePayment","orderId":"o-1","amount":300}",
        "given 09:00:00.000Z event payments → payments {"type":"PaymentCaptured","orderId":"o-1","amount":300}",
        "given 09:00:00.000Z command checkout → orders {"type":"CompleteOrder","orderId":"o-1"}",
        "given 09:00:00.000Z event orders → orders {"type":"OrderCompleted","orderId":"o-1","total":300}",
        "when 09:00:00.000Z command test → orders {"type":"PlaceOrder","orderId":"o-2","total":500}",
        "when 09:00:00.000Z event orders → orders {"type":"OrderPlaced","orderId":"o-2","total":500}",
        "when 09:00:00.000Z command checkout → payments {"type":"CapturePayment","orderId":"o-2","amount":500}",
        "when 09:15:00.000Z timer checkout → checkout {"type":"PaymentTimedOut","orderId":"o-2"}",
        "when 09:15:00.000Z command checkout → orders {"type":"CancelOrder","orderId":"o-2","reason":"payment timed out"}",
        "when 09:15:00.000Z event orders → orders {"type":"OrderCancelled","orderId":"o-2","reason":"payment timed out"}",
      ]
    `);
  });

  // #region system-on-nats
  test('on NATS JetStream', async ({ nats, expect }) => {
    const report = await system(shop({ crashOnce: true, cardLimit: 400 }), {
      start,
      broker: { open: () => nats.newBroker() },
    })
      .given([placeOrder('o-1', 300)])
      .when(placeOrder('o-2', 500))
      .eventually(expected, { within: '1h', svgDir: false });
    // The sales projection threw on its first delivery of OrderCompleted: JetStream redelivered it.
    expect(report.redeliveries).toMatchObject([
      { service: 'sales', message: { type: 'OrderCompleted', orderId: 'o-1' }, attempt: 2 },
    ]);
    // #endregion system-on-nats
    await sameAsInMemory(report, expect);
  });

  test('on Redis Streams', async ({ redis, expect }) => {
    await sameAsInMemory(await runShop({ open: () => redis.newBroker() }), expect);
  });

  test('on RabbitMQ', async ({ rabbitmq, expect }) => {
    await sameAsInMemory(await runShop({ open: () => rabbitmq.newBroker() }), expect);
  });

  test('on Kafka', async ({ kafka, expect }) => {
    await sameAsInMemory(await runShop({ open: () => kafka.newBroker() }), expect);
  });
});
