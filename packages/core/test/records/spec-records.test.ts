import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import {
  onSpecRecord,
  processScenario,
  projectionScenario,
  type SpecRecord,
  scenario,
  send,
} from '../../src/index.js';
import { recording } from '../../src/records/spec-record.js';
import { added, cart, opened } from '../specs/cart.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());
function collect(): SpecRecord[] {
  const records: SpecRecord[] = [];
  stop = onSpecRecord((record) => records.push(record));
  return records;
}

describe('spec records', () => {
  test('nobody listens by default, so passing specs build no record', () => {
    expect(recording()).toBe(false);
  });

  test('a decider scenario leaves its given / when / then, passed or failed with the failure text', () => {
    const records = collect();
    scenario(cart, { name: 'cart' })
      .given([opened])
      .when({ type: 'AddItem', sku: 'a', quantity: 1, price: 5 })
      .then([added('a', 1, 5)]);
    expect(() => scenario(cart, { name: 'cart' }).when({ type: 'CheckOut' }).thenNothing()).toThrow();
    expect(records).toEqual([
      {
        kind: 'decider',
        subject: 'cart',
        given: ['CartOpened { data: { cartId: "c1", openedAt: new Date("2024-01-01T00:00:00.000Z") } }'],
        when: 'AddItem { sku: "a", quantity: 1, price: 5 }',
        then: 'ItemAdded',
        thenEvents: ['ItemAdded { data: { sku: "a", quantity: 1, price: 5 } }'],
        status: 'passed',
      },
      expect.objectContaining({
        kind: 'decider',
        given: [],
        when: 'CheckOut',
        then: 'no events',
        status: 'failed',
        failure: expect.stringContaining('decide threw CartError'),
      }),
    ]);
  });

  test('process steps, projections and invariants are recorded too', () => {
    const records = collect();
    processScenario({ initialState: null, react: () => send({ type: 'Ship' }) }, { name: 'shipping' })
      .when({ type: 'OrderPaid' })
      .then({ send: [{ type: 'Ship' }] });
    projectionScenario({ initialState: 0, project: (n: number) => n + 1 }, { name: 'counter' })
      .given([{}, {}])
      .then(2);
    scenario(cart, { name: 'cart' }).invariant(
      'status is known',
      (s) => ['empty', 'open', 'checkedOut'].includes(s.status),
      {
        commands: fc.constant({ type: 'CheckOut' as const }),
        runs: 5,
        seed: 1,
      },
    );
    expect(records.map((r) => [r.kind, r.subject, r.status])).toEqual([
      ['process', 'shipping', 'passed'],
      ['projection', 'counter', 'passed'],
      ['invariant', 'cart', 'passed'],
    ]);
    expect(records[0]).toMatchObject({ when: 'OrderPaid', then: 'send: Ship; nothing else' });
    expect(records[2]).toMatchObject({ name: 'status is known', runs: 5, seed: 1 });
    // every CheckOut on an empty cart is rejected
    expect((records[2] as { rejected: number }).rejected).toBe((records[2] as { commands: number }).commands);
  });
});
