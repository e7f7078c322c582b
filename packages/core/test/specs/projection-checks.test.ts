// Projections as a demanding user writes them: a value initialState updated in place, read models holding
// functions, redeliveries that arrive late, streams whose events interleave in another order.
import { describe, expect, test } from 'vitest';
import { type Projection, projectionScenario } from '../../src/index.js';

type Event =
  | { type: 'OrderPlaced'; orderId: string; total: number; version: number }
  | { type: 'OrderPaid'; orderId: string; version: number };
type Row = { total: number; status: string; version: number };

const placed = (orderId: string, total: number): Event => ({
  type: 'OrderPlaced',
  orderId,
  total,
  version: 1,
});
const paid = (orderId: string): Event => ({ type: 'OrderPaid', orderId, version: 2 });

function failureOf(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the scenario to fail, but it passed');
}

describe('initialState as a value', () => {
  // #region initial-state-value
  // The initial read model is a value, and project updates the model in place.
  const counter: Projection<Event, { count: number; ids: string[] }> = {
    initialState: { count: 0, ids: [] },
    project(model, event) {
      if (event.type === 'OrderPlaced' && !model.ids.includes(event.orderId)) {
        model.count++;
        model.ids.push(event.orderId);
      }
      return undefined;
    },
  };

  test('is copied for every run: nothing leaks from one scenario into the next', () => {
    projectionScenario(counter, { deliverTwice: true })
      .given([placed('o1', 5)])
      .then({ count: 1, ids: ['o1'] });
    projectionScenario(counter, { deliverTwice: true })
      .given([placed('o2', 5)])
      .then({ count: 1, ids: ['o2'] });
    expect(counter.initialState).toEqual({ count: 0, ids: [] });
  });
  // #endregion initial-state-value

  test('that holds an instance of a class of yours is refused: give a factory', () => {
    class Totals {
      #sum = 0;
      add(n: number) {
        this.#sum += n;
      }
    }
    const projection: Projection<Event, { totals: Totals }> = {
      initialState: { totals: new Totals() },
      project: (model) => model,
    };
    expect(() => projectionScenario(projection)).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: projectionScenario(): initialState holds a Totals instance (at initialState.totals), which eventspec cannot copy for each run — its methods may rely on fields a copy lacks — and a model updated in place would leak from one run into the next. Give initialState as a factory: initialState: () => new Totals(…).]`,
    );
    projectionScenario({ ...projection, initialState: () => ({ totals: new Totals() }) })
      .given([placed('o1', 1)])
      .thenMatch({});
  });
});

describe('the deliver-twice check', () => {
  type Receipts = { format: (n: number) => string; receipts: string[] };
  const receipts = (idempotent: boolean): Projection<Event, Receipts> => ({
    initialState: () => ({ format: (n) => `${n.toFixed(2)} €`, receipts: [] }),
    project(model, event) {
      const receipt = `${event.orderId} paid`;
      if (event.type === 'OrderPaid' && (!idempotent || !model.receipts.includes(receipt)))
        model.receipts.push(receipt);
      return undefined;
    },
  });
  const history = [placed('o1', 5), paid('o1'), placed('o2', 7)];

  test('a read model holding a function is compared event by event, blaming the right event', () => {
    projectionScenario(receipts(true), { deliverTwice: true })
      .given(history)
      .thenMatch({ receipts: ['o1 paid'] });
    expect(() =>
      projectionScenario(receipts(false), { deliverTwice: true })
        .given(history)
        .thenMatch({ receipts: ['o1 paid'] }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: thenMatch() failed: the projection is not idempotent: delivering given[1] OrderPaid twice changed the read model.

        given  OrderPlaced, OrderPaid, OrderPlaced
        then   the read model (also: each event twice)

        event  given[1] OrderPaid: { type: "OrderPaid", orderId: "o1", version: 2 }
        model.receipts[1]: only twice, "o1 paid"]
    `);
  });
});

describe('late redelivery and stream reorder', () => {
  // #region redeliver-late
  // Idempotent under an immediate duplicate, but a late OrderPlaced resets a paid order to "placed".
  const orders: Projection<Event, Record<string, Row>> = {
    initialState: () => ({}),
    project(model, event) {
      if (event.type === 'OrderPlaced')
        model[event.orderId] = { total: event.total, status: 'placed', version: 1 };
      else if (model[event.orderId])
        model[event.orderId] = { ...model[event.orderId]!, status: 'paid', version: 2 };
      return undefined;
    },
  };

  test("redeliver: 'late' delivers each event again after the later ones", () => {
    const history = [placed('o1', 5), paid('o1')];
    projectionScenario(orders, { deliverTwice: true })
      .given(history)
      .thenMatch({ o1: { status: 'paid' } });
    expect(() =>
      projectionScenario(orders, { redeliver: 'late' })
        .given(history)
        .thenMatch({ o1: { status: 'paid' } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: thenMatch() failed: the projection is not idempotent: redelivering given[0] OrderPlaced after the later events changed the read model.

        given  OrderPlaced, OrderPaid
        then   the read model (also: each event redelivered late)

        event  given[0] OrderPlaced: { type: "OrderPlaced", orderId: "o1", total: 5, version: 1 }
        model.o1.status: once "paid", redelivered "placed"
        model.o1.version: once 2, redelivered 1]
    `);
  });
  // #endregion redeliver-late

  // #region reorder-streams
  // A running total over all orders that keeps only the last order's total: order-dependent across streams.
  const lastTotal: Projection<Event, { last: number; count: number }> = {
    initialState: () => ({ last: 0, count: 0 }),
    project: (model, event) =>
      event.type === 'OrderPlaced' ? { last: event.total, count: model.count + 1 } : model,
  };

  test('reorder moves the events of different streams against each other, each stream kept in order', () => {
    const history = [placed('o1', 5), paid('o1'), placed('o2', 7)];
    expect(() =>
      projectionScenario(lastTotal, { reorder: { streamOf: (event) => event.orderId } })
        .given(history)
        .then({ last: 7, count: 2 }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EventspecError: then() failed: the projection is not idempotent: delivering the events of different streams in the order given[2], given[0], given[1] changed the read model.

        given  OrderPlaced, OrderPaid, OrderPlaced
        then   the read model (also: streams reordered)

        model.last: in order 7, reordered 5]
    `);
  });
  // #endregion reorder-streams

  test('a projection that is order-independent across streams and deduplicates passes both', () => {
    const safe: Projection<Event, Record<string, Row>> = {
      initialState: () => ({}),
      project(model, event) {
        const row = model[event.orderId];
        if (row && row.version >= event.version) return undefined;
        model[event.orderId] =
          event.type === 'OrderPlaced'
            ? { total: event.total, status: 'placed', version: 1 }
            : { total: row?.total ?? 0, status: 'paid', version: 2 };
        return undefined;
      },
    };
    projectionScenario(safe, {
      deliverTwice: true,
      redeliver: 'late',
      reorder: { streamOf: (e) => e.orderId },
    })
      .given([placed('o1', 5), placed('o2', 7), paid('o1'), paid('o2')])
      .then({
        o1: { total: 5, status: 'paid', version: 2 },
        o2: { total: 7, status: 'paid', version: 2 },
      });
  });
});

describe('usage errors', () => {
  test('awaiting an unfinished projection scenario names the steps projections have', async () => {
    await expect(
      (async () => {
        await (projectionScenario({ initialState: 0, project: (n: number) => n + 1 }).given([
          placed('o1', 1),
        ]) as never);
      })(),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: This scenario was awaited before it was finished, so it checked nothing. End it with then(readModel) or thenMatch(pattern) after given([...events]).]`,
    );
  });

  test('options are checked: misspelled keys, redeliver values, reorder without streamOf', () => {
    const projection: Projection<Event, number> = { initialState: 0, project: (n) => n + 1 };
    expect(() =>
      projectionScenario(projection, { deliverTwise: true } as never),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecUsageError: projectionScenario() got an unknown option "deliverTwise" (did you mean "deliverTwice"?). The options it knows: deliverTwice, name, redeliver, reorder, timeout.]`,
    );
    expect(failureOf(() => projectionScenario(projection, { redeliver: 'early' } as never)).code).toBe(
      'EVENTSPEC_SPEC_BAD_OPTIONS',
    );
    expect(failureOf(() => projectionScenario(projection, { reorder: {} } as never)).code).toBe(
      'EVENTSPEC_SPEC_BAD_OPTIONS',
    );
    expect(failureOf(() => projectionScenario({ project: 1 } as never)).message).toMatchInlineSnapshot(
      `"projectionScenario() takes a projection, but initialState is missing; project is 1, not a function. Write projectionScenario({ initialState: () => model, project(model, event) { … } })."`,
    );
  });

  test('a project that throws, or an async one that never settles, fails naming the event', async () => {
    const throwing: Projection<Event, number> = {
      initialState: 0,
      project: () => {
        throw new RangeError('bad total');
      },
    };
    expect(() =>
      projectionScenario(throwing)
        .given([placed('o1', 1)])
        .then(1),
    ).toThrowErrorMatchingInlineSnapshot(
      `[EventspecError: project of given[0] OrderPlaced threw RangeError: bad total. A projection must accept every event it is given: fix project, or leave the event out of given([...]) if the projection is never fed it.]`,
    );
    const stuck: Projection<Event, number> = {
      initialState: 0,
      project: () => new Promise<number>(() => {}),
    };
    await expect(
      projectionScenario(stuck, { timeout: 30 })
        .given([placed('o1', 1)])
        .then(1),
    ).rejects.toThrow(/^project of given\[0\] OrderPlaced did not settle within 30 ms/);
  });
});
