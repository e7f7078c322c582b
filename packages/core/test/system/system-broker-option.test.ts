import { describe, expect, test } from 'vitest';
import {
  type Broker,
  InMemoryQueueBroker,
  InMemoryTopicBroker,
  projectionService,
  type SystemReport,
  system,
} from '../../src/index.js';
import { shop } from './shop.js';

// `system(services, { broker })` through core's own brokers opened as if they were real ones: the path a
// Kafka, RabbitMQ, NATS or Redis broker takes (declared topics or exchanges and queues, a group per
// service and topic, settles until nothing new is published). The real brokers run the same scenarios in
// @eventspec/broker-fixtures' test/system.

const at = '2024-06-01T09:00:00.000Z';
const place = (orderId: string, amount: number) => ({ type: 'PlaceOrder', orderId, amount, sku: 'mug' });
const expectations = {
  sent: [
    { type: 'ReserveStock' },
    { type: 'ChargeCard' },
    { type: 'CancelOrder', reason: 'PaymentDeclined' },
    { type: 'ReleaseStock' },
  ],
  state: {
    orders: new Map([
      ['o-1', { status: 'confirmed' }],
      ['o-2', { status: 'cancelled' }],
    ]),
    stock: new Map([
      ['o-1', { reserved: true }],
      ['o-2', { reserved: false }],
    ]),
  },
};
const opened: Broker[] = [];
const opening = (make: () => Broker) => ({
  open: () => {
    const broker = make();
    opened.push(broker);
    return broker;
  },
});
const scenario = (broker?: { open: () => Broker }) =>
  system(shop, { start: at, ...(broker ? { broker } : {}) })
    .given([place('o-1', 40)])
    .when(place('o-2', 5000))
    .eventually(expectations, { within: '1h', svgDir: false });
const flowOf = (report: SystemReport) =>
  report.flow.map((e) => `${e.phase} ${e.kind} ${e.from} → ${e.to} ${JSON.stringify(e.message)}`).sort();

describe('system(services, { broker })', () => {
  test('through a log broker and a queue broker, the run matches the built-in one', async () => {
    const reference = await scenario();
    for (const make of [() => new InMemoryTopicBroker(), () => new InMemoryQueueBroker()]) {
      const report = await scenario(opening(make));
      expect(flowOf(report)).toEqual(flowOf(reference));
      expect(report.state).toEqual(reference.state);
      expect(report.log).toHaveLength(reference.log.length);
    }
    expect(opened).toHaveLength(2); // one broker per run, each closed after it
  });

  test('a handler that throws once is redelivered by the broker, and the report says so', async () => {
    let failures = 0;
    const flaky = projectionService(
      {
        initialState: () => ({ cancelled: 0 }),
        project: (model: { cancelled: number }, event: { type: string }) => {
          if (event.type !== 'OrderCancelled') return model;
          if (failures++ === 0) throw new Error('read model store unavailable');
          return { cancelled: model.cancelled + 1 };
        },
      },
      { listensTo: ['OrderCancelled'] },
    );
    const report = await system(
      { ...shop, cancellations: flaky },
      { start: at, broker: opening(() => new InMemoryQueueBroker()) },
    )
      .when(place('o-3', 5000))
      .eventually({ state: { cancellations: { cancelled: 1 } } }, { within: '1h', svgDir: false });
    expect(report.redeliveries).toMatchInlineSnapshot(`
      [
        {
          "attempt": 2,
          "error": [Error: read model store unavailable],
          "message": {
            "orderId": "o-3",
            "reason": "PaymentDeclined",
            "type": "OrderCancelled",
          },
          "service": "cancellations",
        },
      ]
    `);
  });

  test('delivery-plan faults are refused on a broker, before it is opened', async () => {
    let opens = 0;
    const error = await system(shop, {
      broker: {
        open: () => {
          opens++;
          return new InMemoryTopicBroker();
        },
      },
    })
      .when(place('o-4', 40))
      .eventually({}, { within: '1m', faults: true })
      .catch((thrown: unknown) => thrown);
    expect(opens).toBe(0);
    expect(error).toMatchInlineSnapshot(
      `[EventspecUsageError: eventually({ faults }) cannot run on a real broker: its delivery plans (duplicates, held-back messages, failures before or crashes after a handling) are applied by the in-memory broker, and a real broker does not let a test place them. Check faults on the in-memory broker (system(services) without \`broker\`), and on the real one check the choreography without \`faults\`; a handler that throws is redelivered by the real broker all the same (see the report’s \`redeliveries\`).]`,
    );
  });

  test('a broker option that cannot work is explained, every problem at once', () => {
    expect(() =>
      system(shop, { broker: { open: 'nats' as unknown as () => Broker, settleTimeout: -5 } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecUsageError: system(services, { broker }) is misconfigured:
        - \`broker.open\` must be a function returning a Broker, e.g. { open: () => nats.newBroker() }
        - \`broker.settleTimeout\` must be a positive number of milliseconds (got -5)]
    `);
  });

  test('a broker that is never quiet fails with what is still missing', async () => {
    const stuck = projectionService(
      {
        initialState: () => 0,
        project: (model: number, event: { type: string }) => {
          if (event.type === 'OrderCancelled') return new Promise<number>(() => undefined);
          return model;
        },
      },
      { listensTo: ['OrderCancelled'] },
    );
    const error = await system(
      { ...shop, stuck },
      { start: at, broker: { open: () => new InMemoryTopicBroker(), settleTimeout: 300 } },
    )
      .when(place('o-5', 5000))
      .eventually({ state: { stuck: 1 } }, { within: '1h', svgDir: false })
      .then(
        () => new Error('eventually() passed; it should have failed'),
        (thrown: Error) => thrown,
      );
    expect(error).toMatchObject({ code: 'EVENTSPEC_SYSTEM_BROKER_NOT_QUIET' });
    expect(error.message).toMatchInlineSnapshot(`
      "eventually() on a real broker: the broker was not quiet within 300 ms (after when).
      The broker said: InMemoryTopicBroker.settle() waited 300 ms and the broker is still busy: consumer stuck-on-orders-events-8 of "orders.events" has 1 in flight, 0 waiting. A handler may hang, or keep failing without a maxAttempts bound; pass a longer { timeout } if it is just slow.

      Still missing then (1 expectation):
        state of stuck:
          stuck: expected 1, received 0

      The message flow so far:
        when  09:00:00.000  test → orders        PlaceOrder { orderId: "o-5", amount: 5000, sku: "mug" }
              09:00:00.000  orders ⇒             OrderPlaced { orderId: "o-5", amount: 5000, sku: "mug" }
              09:00:00.000  checkout → stock     ReserveStock { orderId: "o-5" }
              09:00:00.000  checkout → payments  ChargeCard { orderId: "o-5", amount: 5000 }
              09:00:00.000  stock ⇒              StockReserved { orderId: "o-5" }
              09:00:00.000  payments ⇒           PaymentDeclined { orderId: "o-5", reason: "limit exceeded" }
              09:00:00.000  checkout → orders    CancelOrder { orderId: "o-5", reason: "PaymentDeclined" }
              09:00:00.000  orders ⇒             OrderCancelled { orderId: "o-5", reason: "PaymentDeclined" }
              09:00:00.000  checkout → stock     ReleaseStock { orderId: "o-5" }
              09:00:00.000  stock ⇒              StockReleased { orderId: "o-5" }

      A handler that keeps throwing is redelivered until its attempts run out; a stopped broker never settles. Check the broker, or raise \`broker.settleTimeout\` if it is only slow."
    `);
  });
});
