import { EventspecUsageError } from '@eventspec/core/internal';

/**
 * Refuses an options argument that is not a plain object, or that has a key the API does not know (a typo
 * such as `allowUnmatch` would otherwise be ignored), naming the API and listing the known keys.
 */
export function refuseUnknownOptions(api: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EventspecUsageError(
      'EVENTSPEC_OPTIONS_INVALID',
      `${api}: the options must be an object with ${known.join(', ')}; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`,
      { actual: options, expected: known },
    );
  }
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw new EventspecUsageError(
    'EVENTSPEC_OPTIONS_UNKNOWN',
    `${api}: unknown ${unknown.length === 1 ? 'option' : 'options'} ${unknown.map((k) => `"${k}"`).join(', ')}. Known options: ${known.join(', ')}.`,
    { actual: unknown, expected: known },
  );
}
