import { describe, expect, test } from 'vitest';
import { any, anything, closeTo, satisfies, stringMatching, uuid } from '../../src/index.js';
import { equalsIn } from '../../src/matching/compare.js';

const matches = (actual: unknown, pattern: unknown) => equalsIn('pattern', actual, pattern);

describe("core's asymmetric matchers", () => {
  test('any(type): primitives by typeof, classes by instanceof', () => {
    expect(matches('a', any(String))).toBe(true);
    expect(matches(1n, any(BigInt))).toBe(true);
    expect(matches(new Date(), any(Date))).toBe(true);
    expect(matches('2024-01-01', any(Date))).toBe(false);
    expect(matches(1, any(String))).toBe(false);
  });

  test('anything, stringMatching, uuid, closeTo, satisfies', () => {
    expect(matches(0, anything())).toBe(true);
    expect(matches(null, anything())).toBe(false);
    expect(matches('order-17', stringMatching('order-'))).toBe(true);
    expect(matches('order-17', stringMatching(/^order-\d+$/))).toBe(true);
    expect(matches(17, stringMatching('17'))).toBe(false);
    expect(matches('0b7e3d4c-5f6a-4b8c-9d0e-1f2a3b4c5d6e', uuid())).toBe(true);
    expect(matches('0b7e3d4c-5f6a-4b8c-9d0e-1f2a3b4c5d6', uuid())).toBe(false);
    expect(matches(0.1 + 0.2, closeTo(0.3, 5))).toBe(true);
    expect(matches(0.31, closeTo(0.3, 2))).toBe(false);
    expect(
      matches(
        4,
        satisfies('an even number', (n: number) => n % 2 === 0),
      ),
    ).toBe(true);
  });

  test('a matcher shows its description in failures and in JSON', () => {
    expect(String(closeTo(0.3, 5))).toBe('closeTo(0.3, 5)');
    expect(JSON.stringify({ at: any(Date) })).toBe('{"at":"any(Date)"}');
  });
});
