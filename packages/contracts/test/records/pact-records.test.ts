// A consumer pact written and a producer verified through Pact's own core both leave records for the report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryTopicBroker, onSpecRecord, type SpecRecord } from '@eventspec/core';
import { afterAll, expect, test } from 'vitest';
import { captureProduced, loadContracts } from '../../src/index.js';
import { MessagePact, verifyProducers } from '../../src/pact/index.js';

const dir = mkdtempSync(join(tmpdir(), 'eventspec-pact-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The producer: publishes a whole OrderPlaced, captured as it would go on the wire. */
async function produceOrderPlaced() {
  const capture = captureProduced(new InMemoryTopicBroker());
  await capture.broker.publish('orders', [
    {
      id: 'm-o-1',
      type: 'OrderPlaced',
      key: 'o-1',
      headers: { 'content-type': 'application/json' },
      data: {
        orderId: 'o-1',
        customerId: '0b7e7f6e-3c1a-4f4e-9d55-3f0e8c6d2a11',
        placedAt: '2026-11-28T09:30:00Z',
        total: { amount: 12.5, currency: 'USD' },
        lines: [{ sku: 'pen', quantity: 3 }],
      },
    },
  ]);
  await capture.broker.close();
  return capture.sent[0]!;
}

test('pact consumer and provider records', async () => {
  const registry = await loadContracts(new URL('../fixtures/contracts/valid', import.meta.url).pathname);
  const records: SpecRecord[] = [];
  const stop = onSpecRecord((record) => records.push(record));
  try {
    const pact = new MessagePact({ consumer: 'billing', provider: 'orders', registry, dir });
    await pact.receive(
      { description: 'an order to bill', contract: 'OrderPlaced@2', reads: ['orderId', 'total.amount'] },
      () => undefined,
    );
    await verifyProducers({
      provider: 'orders',
      pactFiles: [join(dir, 'billing-orders.json')],
      registry,
      producers: { 'OrderPlaced@2': produceOrderPlaced },
    });
  } finally {
    stop();
  }
  const pactRecords = records.filter((r) => r.kind === 'contract' && r.action.startsWith('pact'));
  expect(pactRecords.map((r) => r.kind === 'contract' && [r.subject, r.action, r.status, r.detail])).toEqual([
    [
      'OrderPlaced@2',
      'pact-consumer',
      'passed',
      'billing expects "an order to bill" from orders, reading orderId, total.amount',
    ],
    [
      'OrderPlaced@2',
      'pact-provider',
      'passed',
      'orders produces "an order to bill" as billing expect (Pact\'s verifier)',
    ],
  ]);
}, 30_000);
