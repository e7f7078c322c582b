import { defineUpcasters } from '@eventspec/core';
import { describe, expect, test } from 'vitest';
import { checkRegistry, contractsFromFiles, requireUpcasters } from '../../src/index.js';

// Each version of a stored event renames its one field: every new version rejects every older one.
const field = ['amount', 'total', 'sum'];
const file = (version: number, mode: string, stored = true) => ({
  path: `stored/placed.v${version}.contract.json`,
  text: JSON.stringify({
    type: 'OrderPlaced',
    version,
    compatibility: mode,
    ...(stored && { stored: true }),
    data: {
      type: 'object',
      properties: { [field[version - 1]!]: { type: 'integer' } },
      required: [field[version - 1]],
      additionalProperties: false,
    },
  }),
});
const gate = (mode: string, upcasters: ReturnType<typeof defineUpcasters> | undefined, stored = true) => {
  const baseline = contractsFromFiles([file(1, mode, stored), file(2, mode, stored)]);
  const current = contractsFromFiles([file(1, mode, stored), file(2, mode, stored), file(3, mode, stored)]);
  return requireUpcasters(checkRegistry(baseline, current), current, upcasters);
};
const placed = defineUpcasters().register('OrderPlaced', 1, ({ amount }: { amount: number }) => ({
  total: amount,
}));

describe('requireUpcasters', () => {
  test('BACKWARD: the new version breaks the previous one, so the step from it is required', () => {
    expect(gate('BACKWARD', placed).get('OrderPlaced@3')).toEqual({
      type: 'OrderPlaced',
      verdict: 'incompatible',
      stored: [{ from: 'OrderPlaced@2', to: 'OrderPlaced@3', steps: [{ from: 2, registered: false }] }],
      uncoverable: [],
      covered: false,
    });
    const both = placed.register('OrderPlaced', 2, ({ total }: { total: number }) => ({ sum: total }));
    expect(gate('BACKWARD', both).get('OrderPlaced@3')?.covered).toBe(true);
  });

  test('BACKWARD_TRANSITIVE: every earlier version the new one rejects needs its whole chain', () => {
    const requirement = gate('BACKWARD_TRANSITIVE', placed).get('OrderPlaced@3');
    expect(requirement?.stored).toEqual([
      {
        from: 'OrderPlaced@1',
        to: 'OrderPlaced@3',
        steps: [
          { from: 1, registered: true },
          { from: 2, registered: false },
        ],
      },
      { from: 'OrderPlaced@2', to: 'OrderPlaced@3', steps: [{ from: 2, registered: false }] },
    ]);
    expect(requirement?.covered).toBe(false);
  });

  test('FULL: breaks of old readers are never covered, whatever is registered', () => {
    const both = placed.register('OrderPlaced', 2, ({ total }: { total: number }) => ({ sum: total }));
    const requirement = gate('FULL', both).get('OrderPlaced@3');
    expect(requirement?.stored.every((c) => c.steps.every((s) => s.registered))).toBe(true);
    expect(requirement?.uncoverable).toEqual([
      'readers of OrderPlaced@2 may reject OrderPlaced@3 events (the forward direction above), which no upcaster fixes; make the change forward compatible or relax the mode',
    ]);
    expect(requirement?.covered).toBe(false);
  });

  test('only stored events are concerned; without a registry nothing is covered', () => {
    expect(gate('BACKWARD', placed, false).size).toBe(0);
    expect(gate('BACKWARD', undefined).get('OrderPlaced@3')?.covered).toBe(false);
  });
});
