import { type AsymmetricMatcher, matcher } from './asymmetric-matcher.js';

type Constructor = abstract new (...args: never[]) => unknown;

const primitiveOf = new Map<Constructor | ((...args: never[]) => unknown), string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [BigInt, 'bigint'],
  [Symbol, 'symbol'],
  [Function, 'function'],
]);

/**
 * Matches any value made by `type`: a primitive of that type for `String`, `Number`, `Boolean`, `BigInt`,
 * `Symbol`, `Function`, or an instance of the class otherwise.
 * @example thenMatch([{ type: 'OrderPlaced', data: { placedAt: any(Date) } }])
 */
export function any(type: Constructor | ((...args: never[]) => unknown)): AsymmetricMatcher {
  const primitive = primitiveOf.get(type);
  return matcher(`any(${type.name})`, (actual) =>
    primitive === undefined
      ? actual instanceof (type as Constructor)
      : typeof actual === primitive || actual instanceof (type as Constructor),
  );
}

/** Matches anything but `null` and `undefined`. */
export function anything(): AsymmetricMatcher {
  return matcher('anything()', (actual) => actual !== null && actual !== undefined);
}

/** Matches a string that contains `expected`, or that the regular expression matches. */
export function stringMatching(expected: string | RegExp): AsymmetricMatcher {
  return matcher(
    `stringMatching(${String(expected instanceof RegExp ? expected : JSON.stringify(expected))})`,
    (actual) =>
      typeof actual === 'string' &&
      (typeof expected === 'string' ? actual.includes(expected) : expected.test(actual)),
  );
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Matches an RFC 9562 UUID string (versions 1 to 8). */
export function uuid(): AsymmetricMatcher {
  return matcher('uuid()', (actual) => typeof actual === 'string' && uuidPattern.test(actual));
}

/** Matches a number within `precision` decimal digits of `expected` (as vitest's `closeTo`). */
export function closeTo(expected: number, precision = 2): AsymmetricMatcher {
  return matcher(
    `closeTo(${expected}, ${precision})`,
    (actual) => typeof actual === 'number' && Math.abs(actual - expected) < 10 ** -precision / 2,
  );
}

/** Matches a value the predicate accepts; `description` is what failures show. */
export function satisfies<T>(description: string, predicate: (actual: T) => boolean): AsymmetricMatcher {
  return matcher(description, (actual) => predicate(actual as T));
}
