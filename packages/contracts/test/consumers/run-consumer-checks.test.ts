import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import {
  type Contract,
  ContractRegistry,
  formatConsumerCheckOutcome,
  loadConsumerChecks,
  runConsumerChecks,
} from '../../src/index.js';

const body = (statuses: string[]) => ({
  type: 'object',
  properties: { orderId: { type: 'string', minLength: 1 }, status: { enum: statuses } },
  required: ['orderId', 'status'],
});
const contract = (version: number, statuses: string[]): Contract => ({
  id: `OrderPlaced@${version}`,
  type: 'OrderPlaced',
  version,
  envelope: 'none',
  compatibility: 'FORWARD',
  source: 'test',
  data: body(statuses),
});
const registry = ContractRegistry.of([
  contract(1, ['placed', 'paid']),
  contract(2, ['placed', 'paid', 'refunded']),
]);
const labels: Record<string, string> = { placed: 'waiting', paid: 'to ship' };
const label = {
  name: 'shipping labels',
  contract: 'OrderPlaced@1',
  seed: 7,
  setup: () => ({}),
  handle: (_: unknown, message: { data: unknown }) => {
    const status = (message.data as { status: string }).status;
    if (!(status in labels)) throw new Error(`no label for ${status}`);
  },
};

test('a changed contract runs the checks of the consumers of its type on what it now allows', async () => {
  const outcomes = await runConsumerChecks([label], registry, ['OrderPlaced@2', 'PaymentCaptured@3']);
  expect(outcomes.map(({ failure: _, ...rest }) => rest)).toEqual([
    { name: 'shipping labels', contract: 'OrderPlaced@1', producedBy: 'OrderPlaced@2', ok: false, runs: 100 },
  ]);
  expect(formatConsumerCheckOutcome(outcomes[0]!).split('\n').slice(0, 2)).toMatchInlineSnapshot(`
    [
      "✗ consumer  shipping labels  (built for OrderPlaced@1) on what OrderPlaced@2 allows — 100 messages",
      "    checkConsumer: the consumer fails on a message OrderPlaced@2 allows (generated under the producer's version; the consumer was built for OrderPlaced@1): the handler threw Error: no label for refunded.",
    ]
  `);
  await expect(runConsumerChecks([label], registry, ['OrderPlaced@1'])).resolves.toMatchObject([
    { ok: true },
  ]);
});

const folder = mkdtempSync(join(tmpdir(), 'consumer-checks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('a module of consumer checks that cannot be used says what is wrong with it', async () => {
  writeFileSync(join(folder, 'no-array.mjs'), 'export const consumerChecks = { contract: "OrderPlaced@1" };');
  writeFileSync(
    join(folder, 'incomplete.mjs'),
    'export default [{ contract: "OrderPlaced@1", setup: () => ({}) }];',
  );
  writeFileSync(
    join(folder, 'good.mjs'),
    'export const consumerChecks = [{ contract: "OrderPlaced@1", setup: () => ({}), handle: () => {} }];',
  );
  const problem = (file: string) =>
    loadConsumerChecks(file, folder).catch((error: Error) => error.message.replace(folder, '<folder>'));
  expect(await problem('missing.mjs')).toMatchInlineSnapshot(
    `"The --consumer-checks module missing.mjs cannot be used: there is no file missing.mjs (in <folder>)."`,
  );
  expect(await problem('no-array.mjs')).toMatchInlineSnapshot(
    `"The --consumer-checks module no-array.mjs cannot be used: its export "consumerChecks" is not an array of consumer checks ({ name?, contract, setup, handle, invariant? }); its exports: consumerChecks."`,
  );
  expect(await problem('incomplete.mjs')).toMatchInlineSnapshot(
    `"The --consumer-checks module incomplete.mjs cannot be used: check 1 lacks handle (contract is an id like 'OrderPlaced@2', setup and handle are functions)."`,
  );
  await expect(loadConsumerChecks('good.mjs', folder)).resolves.toHaveLength(1);
});
