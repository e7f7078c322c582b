import { fileURLToPath } from 'node:url';
import { onSpecRecord, type SpecRecord } from '@eventspec/core';
import { afterEach, describe, expect, test } from 'vitest';
import { ContractRegistry, checkRegistry, loadContracts } from '../../src/index.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('contract records', () => {
  test('each message checked and each change judged leaves a record for the report', async () => {
    const registry = await loadContracts(
      fileURLToPath(new URL('../../../../examples/getting-started/contracts', import.meta.url)),
    );
    const records: SpecRecord[] = [];
    stop = onSpecRecord((record) => records.push(record));
    const data = { reservationId: 'r-1', table: 4, guests: 2, at: '2024-07-01T19:30:00Z' };
    registry.validate({ data }, 'TableReserved@1');
    registry.validate({ data: { ...data, guests: 0 } }, 'TableReserved@1');
    checkRegistry(ContractRegistry.merge(), registry);
    expect(
      records.map((r) =>
        r.kind === 'contract' ? [r.subject, r.action, r.status, r.detail, r.failure] : r.kind,
      ),
    ).toEqual([
      ['TableReserved@1', 'validated', 'passed', 'a message satisfies the contract', undefined],
      [
        'TableReserved@1',
        'validated',
        'failed',
        'a message breaks the contract: 1 violation',
        'data.guests: expected a number >= 1, got 0',
      ],
      ['TableReserved@1', 'compatibility', 'passed', 'added: BACKWARD compatible', undefined],
    ]);
  });
});
