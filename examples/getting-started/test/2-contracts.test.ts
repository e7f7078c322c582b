import { fileURLToPath } from 'node:url';
import { checkCompatibility, loadContracts } from '@eventspec/contracts';
import { describe, expect, test } from 'vitest';
import { reservation } from '../src/index.js';

const contracts = fileURLToPath(new URL('../contracts', import.meta.url));

describe('the TableReserved contract', () => {
  // #region validate
  test('what the decider emits is what the contract promises consumers', async () => {
    const registry = await loadContracts(contracts);
    const [event] = [
      reservation.decide(
        { type: 'ReserveTable', reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' },
        { status: 'none' },
        { now: () => new Date() },
      ),
    ].flat();
    expect(
      registry.validate({ channel: 'reservations', data: event!.data }, 'TableReserved@1').violations,
    ).toEqual([]);
    expect(
      registry.validate({ channel: 'reservations', data: { ...event!.data, guests: '2' } }, 'TableReserved@1')
        .violations,
    ).toMatchInlineSnapshot(`
      [
        {
          "actual": "2",
          "expected": "an integer",
          "keyword": "type",
          "part": "data",
          "path": "data.guests",
        },
      ]
    `);
  });
  // #endregion validate

  // #region compatibility
  test('renaming a field breaks old readers, with a message that proves it', async () => {
    const registry = await loadContracts(contracts);
    const v1 = registry.get('TableReserved@1').data;
    const renamed = structuredClone(v1) as { required: string[]; properties: Record<string, unknown> };
    renamed.required = ['reservationId', 'table', 'partySize', 'at'];
    renamed.properties.partySize = renamed.properties.guests;
    delete renamed.properties.guests;
    const verdict = checkCompatibility(v1, renamed, 'BACKWARD');
    expect(verdict.compatible).toBe(false);
    expect(
      verdict.breaks.map(({ path, rule, counterexample }) => ({ path, rule, counterexample })),
    ).toMatchInlineSnapshot(`
      [
        {
          "counterexample": {
            "at": "2024-01-02T03:04:05Z",
            "guests": 1,
            "reservationId": "a",
            "table": 1,
          },
          "path": "(the message)",
          "rule": "required-added",
        },
        {
          "counterexample": {
            "at": "2024-01-02T03:04:05Z",
            "guests": 1,
            "reservationId": "a",
            "table": 1,
          },
          "path": "guests",
          "rule": "closed-content-model",
        },
      ]
    `);
  });
  // #endregion compatibility
});
