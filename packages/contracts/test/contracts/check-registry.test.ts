import { expect, test } from 'vitest';
import { checkHistory, checkRegistry, contractsFromFiles, type JsonSchema } from '../../src/index.js';

const file = (contract: Record<string, unknown>) => ({
  path: `contracts/${contract.type}.v${contract.version}.contract.json`,
  text: JSON.stringify(contract),
});
const money = (amount: JsonSchema) => ({
  path: 'contracts/money.schema.json',
  text: JSON.stringify({
    $id: 'https://example.com/money.json',
    type: 'object',
    properties: { amount },
    required: ['amount'],
  }),
});
const placed = (version: number, extra: Record<string, unknown> = {}) =>
  file({
    type: 'OrderPlaced',
    version,
    data: { type: 'object', properties: { total: { $ref: 'https://example.com/money.json' } } },
    ...extra,
  });
const summary = (changes: ReturnType<typeof checkRegistry>) =>
  changes.map((c) =>
    `${c.id} ${c.kind} vs [${c.against.join(', ')}]: ${c.result.verdict} ${c.result.breaks.map((b) => `${b.path}:${b.rule}`).join(' ')}`.trim(),
  );

test('a shared schema changed in place re-checks the contracts that $ref it', () => {
  const baseline = contractsFromFiles([money({ type: 'number' }), placed(1)]);
  const current = contractsFromFiles([money({ type: 'integer' }), placed(1)]);
  expect(summary(checkRegistry(baseline, current))).toEqual([
    'OrderPlaced@1 modified vs [OrderPlaced@1 (baseline)]: incompatible data.total.amount:integer-required',
  ]);
});

test('the envelope kind and the channel are part of the contract', () => {
  const baseline = contractsFromFiles([
    money({ type: 'number' }),
    placed(1, { channel: { topic: 'orders' } }),
  ]);
  const current = contractsFromFiles([
    money({ type: 'number' }),
    placed(1, { channel: { topic: 'orders' } }),
    placed(2, { channel: { topic: 'orders-v2' }, envelope: 'cloudevents' }),
  ]);
  expect(summary(checkRegistry(baseline, current))).toEqual([
    'OrderPlaced@2 added vs [OrderPlaced@1]: incompatible envelope:propertyNames-changed envelope:type-narrowed channel:value-removed',
  ]);
});

test('a removed contract is listed, not judged', () => {
  const baseline = contractsFromFiles([money({ type: 'number' }), placed(1), placed(2)]);
  const current = contractsFromFiles([money({ type: 'number' }), placed(1)]);
  expect(summary(checkRegistry(baseline, current))).toEqual(['OrderPlaced@2 removed vs []: compatible']);
});

const v = (minimum: number): JsonSchema => ({
  type: 'object',
  properties: { n: { type: 'integer', minimum } },
  required: ['n'],
});

test('TRANSITIVE modes compare with every earlier version, the others with the previous one only', () => {
  // v1 accepts n ≥ 0, v2 n ≥ -10, v3 n ≥ -5: v3 reads all v2 data? No (-10). All v1 data? Yes.
  const history = [v(-10), v(0), v(-5)];
  expect(checkHistory(history, 'BACKWARD').verdict).toBe('compatible');
  const transitive = checkHistory(history, 'BACKWARD_TRANSITIVE');
  expect(transitive.breaks.map((b) => [b.acceptedBy, b.rejectedBy, b.rule, b.counterexample])).toEqual([
    ['v1', 'v3', 'minimum-raised', { n: -10 }],
  ]);
  expect(checkHistory(history, 'FORWARD_TRANSITIVE').breaks.map((b) => [b.acceptedBy, b.rejectedBy])).toEqual(
    [['v3', 'v2']],
  );
  expect(checkHistory([v(0)], 'FULL_TRANSITIVE').verdict).toBe('compatible');
});

test('a new TRANSITIVE version in a repository is checked against every earlier version', () => {
  const files = (versions: number[]) =>
    contractsFromFiles(
      versions.map((min, i) =>
        file({ type: 'Counted', version: i + 1, compatibility: 'BACKWARD_TRANSITIVE', data: v(min) }),
      ),
    );
  expect(summary(checkRegistry(files([-10, 0]), files([-10, 0, -5])))).toEqual([
    'Counted@3 added vs [Counted@1, Counted@2]: incompatible data.n:minimum-raised',
  ]);
});
