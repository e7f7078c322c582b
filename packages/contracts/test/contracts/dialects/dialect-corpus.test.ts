import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type CompatibilityMode,
  type CompatibilityResult,
  checkCompatibility,
  type JsonSchema,
} from '../../../src/index.js';
import { compatibilityModes } from '../../../src/model/compatibility-mode.js';
import type { Expected } from '../compatibility-cases.js';
import { validIn } from './dialect-ajv.js';
import { dialectCases } from './dialect-corpus.js';
import { instancesOf } from './instance-arbitrary.js';

function expectedIn(mode: CompatibilityMode, backward: Expected, forward: Expected): Expected {
  if (mode === 'NONE') return 'compatible';
  const wanted = [
    mode.startsWith('BACKWARD') || mode.startsWith('FULL') ? backward : undefined,
    mode.startsWith('FORWARD') || mode.startsWith('FULL') ? forward : undefined,
  ].filter((v) => v !== undefined);
  if (wanted.includes('incompatible')) return 'incompatible';
  if (wanted.includes('unproven')) return 'unproven';
  return 'compatible';
}

/** Each counterexample is checked by a fresh ajv of the schema's own dialect. */
function expectCounterexamplesHold(result: CompatibilityResult, old: JsonSchema, next: JsonSchema): void {
  for (const b of result.breaks) {
    const [accepting, rejecting] = b.acceptedBy === 'old' ? [old, next] : [next, old];
    expect(validIn(accepting, b.counterexample), `${b.path}: accepted by ${b.acceptedBy}`).toBe(true);
    expect(validIn(rejecting, b.counterexample), `${b.path}: rejected by ${b.rejectedBy}`).toBe(false);
  }
}

describe.each(dialectCases)('$name', (c) => {
  test.each(compatibilityModes.map((mode) => ({ mode, expected: expectedIn(mode, c.backward, c.forward) })))(
    '$mode → $expected',
    ({ mode, expected }) => {
      const result = checkCompatibility(c.old, c.new, mode);
      expect(result.verdict, JSON.stringify(result.unproven)).toBe(expected);
      if (expected === 'incompatible') expect(result.breaks.length).toBeGreaterThan(0);
      expectCounterexamplesHold(result, c.old, c.new);
    },
  );
});

test('the corpus holds at least 60 changes in draft-07 and 2019-09, "cannot prove" on at most 5% of its directions', () => {
  expect(dialectCases.length).toBeGreaterThanOrEqual(60);
  const directions = dialectCases.flatMap((c) => [
    checkCompatibility(c.old, c.new, 'BACKWARD').verdict,
    checkCompatibility(c.old, c.new, 'FORWARD').verdict,
  ]);
  const unproven = directions.filter((v) => v === 'unproven').length;
  expect(unproven / directions.length).toBeLessThanOrEqual(0.05);
});

test('every "compatible" direction holds on sampled messages, checked by ajv in each dialect', () => {
  let checked = 0;
  let withSamples = 0;
  for (const c of dialectCases) {
    for (const [from, to, direction] of [
      [c.old, c.new, 'BACKWARD'],
      [c.new, c.old, 'FORWARD'],
    ] as const) {
      const verdict = checkCompatibility(c.old, c.new, direction).verdict;
      if (verdict !== 'compatible') continue;
      checked++;
      const samples = fc.sample(fc.oneof(instancesOf(from), instancesOf(to)), { numRuns: 400, seed: 7 });
      const valid = samples.filter((m) => validIn(from, m));
      if (valid.length > 0) withSamples++;
      for (const m of valid)
        expect(validIn(to, m), `${c.name} ${direction}: ${JSON.stringify(m)} accepted by one side only`).toBe(
          true,
        );
    }
  }
  expect(checked).toBeGreaterThan(40);
  expect(withSamples / checked).toBeGreaterThan(0.9);
}, 120_000);
