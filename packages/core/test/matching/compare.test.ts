// Every property runs with a fixed seed, so each CI run checks the same inputs (a random seed made CI a
// lottery); 200+ other seeds per property were swept before pinning. Change a seed to explore further.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatPath } from '../../src/format/format-path.js';
import { any } from '../../src/index.js';
import { deepEqual, differencesIn, equalsIn } from '../../src/matching/compare.js';

// Values as events carry them: JSON-like data plus Dates, Maps, Sets, BigInts and typed arrays.
const leaf = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 4 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('array'),
    tie('object'),
    tie('map'),
    tie('set'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('value'), {
    maxKeys: 4,
    noNullPrototype: true,
  }),
  map: fc
    .array(fc.tuple(fc.string({ maxLength: 3 }), tie('value')), { maxLength: 3 })
    .map((entries) => new Map(entries)),
  set: fc
    .uniqueArray(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 4 })
    .map((items) => new Set(items)),
}));

describe('strict comparison: laws', () => {
  test('a value equals its structured clone, with no differences', () => {
    fc.assert(
      fc.property(value, (v) => {
        const copy = structuredClone(v);
        expect(deepEqual(v, copy)).toBe(true);
        expect(differencesIn('strict', v, copy)).toEqual([]);
      }),
      { seed: 1 },
    );
  });

  test('equality agrees with the list of differences, both ways and symmetric', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const equal = equalsIn('strict', a, b);
        expect(differencesIn('strict', a, b).length === 0).toBe(equal);
        expect(equalsIn('strict', b, a)).toBe(equal);
      }),
      { seed: 2 },
    );
  });

  test('changing one leaf of an object is always caught, at its path', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), value, {
          minKeys: 1,
          maxKeys: 4,
          noNullPrototype: true,
        }),
        fc.nat(),
        fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(undefined)),
        (object, pick, replacement) => {
          const key = Object.keys(object)[pick % Object.keys(object).length]!;
          fc.pre(!Object.is(object[key], replacement));
          const changed = { ...structuredClone(object), [key]: replacement };
          expect(deepEqual(changed, object)).toBe(false);
          expect(differencesIn('strict', changed, object).map((d) => formatPath(d.path))).toContain(
            formatPath([key]),
          );
        },
      ),
      { seed: 3 },
    );
  });

  test('a missing key is never the same as a key holding undefined', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 4 }), (key) => {
        expect(deepEqual({}, { [key]: undefined })).toBe(false);
        expect(differencesIn('strict', {}, { [key]: undefined })).toEqual([
          { path: [key], kind: 'missing', actual: undefined, expected: undefined },
        ]);
      }),
      { seed: 4 },
    );
  });
});

describe('pattern comparison', () => {
  test('a value matches any pattern made by dropping keys from its plain objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), value, {
          maxKeys: 5,
          noNullPrototype: true,
        }),
        fc.nat(),
        (object, drop) => {
          const pattern = Object.fromEntries(
            Object.entries(structuredClone(object)).filter((_, i) => (drop >> i) % 2 === 0),
          );
          expect(equalsIn('pattern', object, pattern)).toBe(true);
        },
      ),
      { seed: 5 },
    );
  });

  test('arrays, Maps and Sets keep their size, and matchers decide for themselves', () => {
    expect(equalsIn('pattern', { items: [1, 2] }, { items: [1] })).toBe(false);
    expect(
      equalsIn(
        'pattern',
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
        new Map([['a', 1]]),
      ),
    ).toBe(false);
    expect(equalsIn('pattern', { at: new Date(1) }, { at: any(Date) })).toBe(true);
    expect(equalsIn('pattern', { at: new Date(1) }, { at: new Date(2) })).toBe(false);
  });

  test('cycles', () => {
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    const b: Record<string, unknown> = { id: 1 };
    b.self = b;
    const c: Record<string, unknown> = { id: 1, self: { id: 2 } };
    expect(deepEqual(a, b)).toBe(true);
    expect(deepEqual(a, c)).toBe(false);
  });
});
