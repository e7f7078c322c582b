import { formatInline } from '../format/format-value.js';

/** What a fast-check path looks like: the numbers a failure printed, joined by colons. */
const replayPath = /^\d+(:\d+)*$/;

/**
 * The problems of the `runs`, `seed` and `path` options of a randomized search, one line each: a `runs` that
 * is not a whole number (1.5, Infinity and 1e300 search forever, in one synchronous loop), a `seed` or `path`
 * no failure could have printed (fast-check reads them as raw TypeErrors, or reports a seed of null).
 */
export function searchOptionProblems(given: { runs?: unknown; seed?: unknown; path?: unknown }): string[] {
  const problems: string[] = [];
  const shown = (value: unknown) => formatInline(value, 60);
  const { runs, seed, path } = given;
  if (runs !== undefined && !(Number.isSafeInteger(runs) && (runs as number) >= 1))
    problems.push(`\`runs\` must be a whole number from 1 to 2^53 − 1, got ${shown(runs)}`);
  if (seed !== undefined && !Number.isSafeInteger(seed))
    problems.push(`\`seed\` must be the whole number a failure printed, got ${shown(seed)}`);
  if (path !== undefined && !(typeof path === 'string' && replayPath.test(path)))
    problems.push(`\`path\` must be the path a failure printed, such as "3:1:0", got ${shown(path)}`);
  if (path !== undefined && seed === undefined)
    problems.push('`path` replays a failure only together with its `seed`');
  return problems;
}
