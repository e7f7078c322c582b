import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';

/**
 * The problems of an options object that holds keys its API does not know (a misspelled `faultz` is
 * otherwise silently ignored): one line per unknown key, naming the closest known key and listing them all.
 * For callers that collect every configuration problem before throwing (brokers, `checkDelivery`).
 */
export function unknownOptionKeys(given: unknown, known: readonly string[], where: string): string[] {
  if (given === null || typeof given !== 'object') return [];
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    const near = closestKnownKey(key, known);
    problems.push(
      `${where} has an unknown option \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ''}; known options: ${known.join(', ')}`,
    );
  }
  return problems;
}

/**
 * Refuses an options argument that is not a plain object, or that has keys `api` does not know (a
 * misspelled option would otherwise be ignored without a word), listing the known ones. For the spec
 * builders, which throw at the first bad argument.
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
    const near = closestKnownKey(key, known);
    return near ? `"${key}" (did you mean "${near}"?)` : `"${key}"`;
  });
  throw new EventspecUsageError(
    'EVENTSPEC_SPEC_UNKNOWN_OPTION',
    `${api} got ${unknown.length === 1 ? 'an unknown option' : 'unknown options'} ${named.join(', ')}. ` +
      `The options it knows: ${known.join(', ')}.`,
  );
}

/**
 * The known key closest to `key` by edit distance (case ignored), when it is close enough to be a typo of
 * it: at most 2 edits, or a third of the longer of the two names.
 */
export function closestKnownKey(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    const allowed = Math.max(2, Math.floor(Math.max(key.length, name.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
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
