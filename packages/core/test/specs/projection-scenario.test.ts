import { describe, expect, test } from 'vitest';
import { any, type Projection, projectionScenario } from '../../src/index.js';

type Event =
  | { type: 'OrderPlaced'; orderId: string; total: number }
  | { type: 'OrderPaid'; orderId: string }
  | { type: 'OrderCancelled'; orderId: string };
type Summary = { orders: Map<string, { total: number; status: string }>; revenue: number; paidCount: number };

const idempotent: Projection<Event, Summary> = {
  initialState: () => ({ orders: new Map(), revenue: 0, paidCount: 0 }),
  project(model, event) {
    const order = model.orders.get(event.orderId);
    if (event.type === 'OrderPlaced')
      model.orders.set(event.orderId, { total: event.total, status: 'placed' });
    else if (order && event.type === 'OrderPaid' && order.status !== 'paid') {
      order.status = 'paid';
      model.revenue += order.total;
      model.paidCount = [...model.orders.values()].filter((o) => o.status === 'paid').length;
    } else if (order && event.type === 'OrderCancelled') order.status = 'cancelled';
    return undefined;
  },
};

// Adds the total on every delivery of OrderPaid: right once, wrong under redelivery.
const naive: Projection<Event, Summary> = {
  initialState: idempotent.initialState,
  project(model, event) {
    const order = model.orders.get(event.orderId);
    if (event.type === 'OrderPlaced')
      return {
        ...model,
        orders: new Map(model.orders).set(event.orderId, { total: event.total, status: 'placed' }),
      };
    if (order && event.type === 'OrderPaid')
      return { ...model, revenue: model.revenue + order.total, paidCount: model.paidCount + 1 };
    return model;
  },
};

const history: Event[] = [
  { type: 'OrderPlaced', orderId: 'o1', total: 30 },
  { type: 'OrderPlaced', orderId: 'o2', total: 12 },
  { type: 'OrderPaid', orderId: 'o1' },
];

describe('projectionScenario', () => {
  test('given events, then the read model, with every event also delivered twice', () => {
    projectionScenario(idempotent, { deliverTwice: true })
      .given(history)
      .then({
        orders: new Map([
          ['o1', { total: 30, status: 'paid' }],
          ['o2', { total: 12, status: 'placed' }],
        ]),
        revenue: 30,
        paidCount: 1,
      });
    projectionScenario(idempotent)
      .given(history)
      .thenMatch({ revenue: 30, orders: any(Map) });
  });

  test('the read model differs', () => {
    expect(() =>
      projectionScenario(idempotent).given(history).then({ orders: new Map(), revenue: 30, paidCount: 1 }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: the read model differs.

        given  OrderPlaced, OrderPlaced, OrderPaid
        then   the read model

        model.orders.get("o1"): unexpected { total: 30, status: "paid" }
        model.orders.get("o2"): unexpected { total: 12, status: "placed" }]
    `);
  });

  test('a projection that is right once but not under redelivery is caught, naming the event', () => {
    const expected = {
      orders: new Map([
        ['o1', { total: 30, status: 'placed' }],
        ['o2', { total: 12, status: 'placed' }],
      ]),
      revenue: 30,
      paidCount: 1,
    };
    projectionScenario(naive).given(history).then(expected);
    let failure: (Error & { code?: string }) | undefined;
    try {
      projectionScenario(naive, { deliverTwice: true }).given(history).then(expected);
    } catch (error) {
      failure = error as Error & { code?: string };
    }
    expect(failure?.code).toBe('EVENTSPEC_SPEC_PROJECTION_NOT_IDEMPOTENT');
    expect(failure?.message).toMatchInlineSnapshot(`
      "then() failed: the projection is not idempotent: delivering given[2] OrderPaid twice changed the read model.

        given  OrderPlaced, OrderPlaced, OrderPaid
        then   the read model (also: each event twice)

        event  given[2] OrderPaid: { type: "OrderPaid", orderId: "o1" }
        model.revenue: once 30, twice 60
        model.paidCount: once 1, twice 2"
    `);
  });
});
