import { describe, expect, test } from 'vitest';
import { checkOptionKeys, closestKnownKey, unknownOptionKeys } from '../../src/options/option-keys.js';

const errorOf = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return 'no error';
};

describe('option keys: one helper for the brokers, checkDelivery and the spec builders', () => {
  test('a typo is named after the closest known key; a key too far from any is not', () => {
    const known = ['maxAttempts', 'concurrency', 'fromBeginning', 'group'];
    expect(
      ['maxAtempts', 'concurency', 'MAXATTEMPTS', 'grp', 'groups', 'retries', 'x'].map((key) =>
        closestKnownKey(key, known),
      ),
    ).toEqual(['maxAttempts', 'concurrency', 'maxAttempts', 'group', 'group', undefined, undefined]);
  });

  test('collected problems (brokers, checkDelivery): one line per unknown key', () => {
    expect(
      unknownOptionKeys({ faultz: 1, seed: 2, runz: 3 }, ['faults', 'seed', 'runs'], 'checkDelivery()'),
    ).toMatchInlineSnapshot(`
      [
        "checkDelivery() has an unknown option \`faultz\` (did you mean \`faults\`?); known options: faults, seed, runs",
        "checkDelivery() has an unknown option \`runz\` (did you mean \`runs\`?); known options: faults, seed, runs",
      ]
    `);
    expect(unknownOptionKeys(undefined, ['faults'], 'checkDelivery()')).toEqual([]);
  });

  test('thrown at once (spec builders): a non-object, or unknown keys', () => {
    expect([
      errorOf(() => checkOptionKeys('scenario()', 'strict', ['mode', 'clock'])),
      errorOf(() => checkOptionKeys('scenario()', { mdoe: 'strict', speed: 1 }, ['mode', 'clock'])),
      errorOf(() => checkOptionKeys('scenario()', { mode: 'strict' }, ['mode', 'clock'])),
    ]).toMatchInlineSnapshot(`
      [
        {
          "code": "EVENTSPEC_SPEC_BAD_OPTIONS",
          "message": "scenario() takes its options as an object ({ mode, clock }), but got "strict".",
        },
        {
          "code": "EVENTSPEC_SPEC_UNKNOWN_OPTION",
          "message": "scenario() got unknown options "mdoe" (did you mean "mode"?), "speed". The options it knows: mode, clock.",
        },
        "no error",
      ]
    `);
  });
});
