import { describe, expect, test } from 'vitest';
import { formatNamespace, newRunId, runIdOf, runStartedAt, selectLeftovers } from '../../src/index.js';

const start = Date.UTC(2026, 10, 28, 2, 0, 0);

describe('namespace names', () => {
  test('carry the run id, worker, sequence and a readable test name', () => {
    const runId = newRunId({ EVENTSPEC_RUN_ID: 'GH 1234 / shard 2' }, start);
    const name = formatNamespace({ runId, worker: '3', sequence: 7, label: 'Places an order (twice!)' });
    expect(name).toMatchInlineSnapshot(`"es_mwzrj280-gh-1234-shard-2_3.7_places-an-order-twice"`);
    expect(runIdOf(name)).toBe(runId);
    expect(runIdOf(`${name}.orders`)).toBe(runId);
    expect(runStartedAt(runId)).toBe(start);
  });

  test('are valid Kafka topic prefixes even for odd test names', () => {
    const name = formatNamespace({
      runId: newRunId({}),
      worker: '1',
      sequence: 1,
      label: `ünïcode ✓ ${'x'.repeat(300)}`,
    });
    expect(`${name}.orders`).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  test('names that are not ours have no run id', () => {
    expect(runIdOf('orders')).toBeUndefined();
    expect(runIdOf('es_nothing')).toBeUndefined();
    expect(runStartedAt('hello-world')).toBeUndefined();
  });
});

describe('selectLeftovers', () => {
  const old = newRunId({ EVENTSPEC_RUN_ID: 'crashed' }, start - 2 * 3_600_000);
  const recent = newRunId({ EVENTSPEC_RUN_ID: 'shard-2' }, start - 60_000);
  const current = newRunId({ EVENTSPEC_RUN_ID: 'shard-1' }, start);
  const ns = (runId: string) => formatNamespace({ runId, worker: '1', sequence: 1, label: 't' });

  test('selects namespaces of finished runs only: not the current run, not a parallel shard, not foreign names', () => {
    const names = [
      `${ns(old)}.orders`,
      ns(old),
      `${ns(recent)}.orders`,
      `${ns(current)}.orders`,
      'payments',
      '/',
    ];
    expect(selectLeftovers(names, { currentRunId: current, now: start })).toEqual([
      `${ns(old)}.orders`,
      ns(old),
    ]);
  });

  test('maxAgeMs decides what counts as finished', () => {
    const names = [ns(recent)];
    expect(selectLeftovers(names, { currentRunId: current, now: start, maxAgeMs: 30_000 })).toEqual(names);
  });

  test('currentRun selects what this run left instead (crashed tests, at the end of the run)', () => {
    const names = [ns(current), `${ns(current)}.orders`, ns(recent), ns(old)];
    expect(selectLeftovers(names, { currentRunId: current, now: start, currentRun: true })).toEqual([
      ns(current),
      `${ns(current)}.orders`,
    ]);
  });
});
