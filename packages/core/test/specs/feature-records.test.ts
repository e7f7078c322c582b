// What the report receives for the checks of issue #12: the then-line names the added checks, and a failure
// of one of them is recorded with its message.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import {
  type Decider,
  onSpecRecord,
  type ProcessManager,
  type Projection,
  processScenario,
  projectionScenario,
  publish,
  type SpecRecord,
  scenario,
  send,
} from '../../src/index.js';

const records: SpecRecord[] = [];
const stop = onSpecRecord((record) => records.push(record));
afterEach(() => {
  records.length = 0;
});
afterAll(stop);

type Event = { type: 'Placed'; id: string } | { type: 'Paid'; id: string };

describe('records of the new checks', () => {
  test('a projection names the redelivery checks its options add', () => {
    const count: Projection<Event, { ids: string[] }> = {
      initialState: () => ({ ids: [] }),
      project: (model, event) =>
        event.type === 'Placed' && !model.ids.includes(event.id) ? { ids: [...model.ids, event.id] } : model,
    };
    projectionScenario(count, {
      name: 'counter',
      deliverTwice: true,
      redeliver: 'late',
      reorder: { streamOf: (e) => e.id },
    })
      .given([{ type: 'Placed', id: 'a' }])
      .then({ ids: ['a'] });
    expect(records.map((r) => ('then' in r ? `${r.status}: ${r.then}` : r.kind))).toMatchInlineSnapshot(`
      [
        "passed: the read model (also: each event twice, each event redelivered late, streams reordered)",
      ]
    `);
  });

  test('a process step checked in order shows the order', () => {
    const saga: ProcessManager<Event, null> = {
      initialState: null,
      react: (_, event) => [
        send({ type: 'Ship', id: event.id }),
        publish({ type: 'Shipping', id: event.id }),
      ],
    };
    processScenario(saga, { name: 'shipping' })
      .when({ type: 'Paid', id: 'a' })
      .thenInOrder([send({ type: 'Ship', id: 'a' }), publish({ type: 'Shipping', id: 'a' })]);
    expect(records.map((r) => ('then' in r ? `${r.status}: ${r.then}` : r.kind))).toMatchInlineSnapshot(`
      [
        "passed: send Ship, then publish Shipping; in this order",
      ]
    `);
  });

  test('an evolve failure on a new event is recorded as a failed scenario with its message', () => {
    const broken: Decider<{ type: 'Pay' }, Event, number> = {
      initialState: 0,
      decide: () => ({ type: 'Paid', id: 'a' }),
      evolve: () => {
        throw new Error('no Paid case');
      },
    };
    expect(() =>
      scenario(broken, { name: 'order' })
        .when({ type: 'Pay' })
        .then([{ type: 'Paid', id: 'a' }]),
    ).toThrow();
    expect(
      records.map((r) => ('failure' in r ? `${r.status}: ${r.failure?.split('\n')[0]}` : r.kind)),
    ).toMatchInlineSnapshot(`
      [
        "failed: then() failed: evolve threw Error: no Paid case on the new event [0] Paid.",
      ]
    `);
  });
});
