import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';

/**
 * Refuses an options argument that is not a plain object, or that has keys `api` does not know (a
 * misspelled option would otherwise be ignored without a word), listing the known ones.
 */
export function checkOptionKeys(api: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_OPTIONS',
      `${api} takes its options as an object ({ ${known.join(', ')} }), but got ${formatInline(options, 60)}.`,
    );
  }
  let unknown: string[] | undefined;
  for (const key in options) {
    if (known.includes(key)) continue;
    unknown ??= [];
    unknown.push(key);
  }
  if (unknown === undefined) return;
  const named = unknown.map((key) => {
    const near = closest(key, known);
    return near ? `"${key}" (did you mean "${near}"?)` : `"${key}"`;
  });
  throw new EventspecUsageError(
    'EVENTSPEC_SPEC_UNKNOWN_OPTION',
    `${api} got ${unknown.length === 1 ? 'an unknown option' : 'unknown options'} ${named.join(', ')}. ` +
      `The options it knows: ${known.join(', ')}.`,
  );
}

/** The known key closest to `key` by edit distance, when it is close enough to be a typo of it. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
