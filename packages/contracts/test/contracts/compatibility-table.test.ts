import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import {
  type CompatibilityMode,
  type CompatibilityResult,
  checkCompatibility,
  type JsonSchema,
} from '../../src/index.js';
import { compatibilityModes } from '../../src/model/compatibility-mode.js';
import { cases, type Expected } from './compatibility-cases.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const validate = (schema: JsonSchema, value: unknown) => ajv.validate(schema as object, value) as boolean;

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

/** Every counterexample must be accepted by the schema it names and rejected by the other — checked here with a separate ajv. */
function expectCounterexamplesHold(result: CompatibilityResult, old: JsonSchema, next: JsonSchema): void {
  for (const b of result.breaks) {
    const [accepting, rejecting] = b.acceptedBy === 'old' ? [old, next] : [next, old];
    expect(
      validate(accepting, b.counterexample),
      `${b.path}: counterexample accepted by ${b.acceptedBy}`,
    ).toBe(true);
    expect(
      validate(rejecting, b.counterexample),
      `${b.path}: counterexample rejected by ${b.rejectedBy}`,
    ).toBe(false);
  }
}

describe.each(cases)('$name', (c) => {
  test.each(compatibilityModes.map((mode) => ({ mode, expected: expectedIn(mode, c.backward, c.forward) })))(
    '$mode → $expected',
    ({ mode, expected }) => {
      const result = checkCompatibility(c.old, c.new, mode);
      expect(result.verdict).toBe(expected);
      expect(result.compatible).toBe(expected === 'compatible');
      if (expected === 'incompatible') expect(result.breaks.length).toBeGreaterThan(0);
      expectCounterexamplesHold(result, c.old, c.new);
    },
  );
});

test('the table has at least 60 schema changes', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
});
