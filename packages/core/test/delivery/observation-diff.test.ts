import { describe, expect, test } from 'vitest';
import { observationDifferences } from '../../src/delivery/observation-diff.js';
import { describeDifference } from '../../src/format/describe-difference.js';

const describe_ = (actual: unknown, expected: unknown) =>
  observationDifferences(actual, expected).map((difference) => describeDifference(difference));

describe('observation differences align arrays on their common elements', () => {
  test('a duplicated entry is one unexpected element, not every later element changed', () => {
    expect(describe_(['a', 'a', 'b', 'c'], ['a', 'b', 'c'])).toEqual(['[1]: unexpected "a"']);
  });

  test('a lost entry is one missing element', () => {
    expect(describe_({ entries: ['a', 'c'], total: 2 }, { entries: ['a', 'b', 'c'], total: 3 })).toEqual([
      'entries[1]: missing, expected "b"',
      'total: expected 3, received 2',
    ]);
  });

  test('an element that changed in place is compared field by field', () => {
    expect(
      describe_(
        [
          { id: 1, n: 1 },
          { id: 2, n: 5 },
        ],
        [
          { id: 1, n: 1 },
          { id: 2, n: 2 },
        ],
      ),
    ).toEqual(['[1].n: expected 2, received 5']);
  });

  test('values other than arrays and plain objects use the strict comparison', () => {
    expect(describe_(new Map([['k', 2]]), new Map([['k', 1]]))).toEqual([
      '.get("k"): expected 1, received 2',
    ]);
    expect(describe_(3, 2)).toEqual(['(the value itself): expected 2, received 3']);
  });
});
