import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { searchOptionProblems } from '../options/search-options.js';

/**
 * Refuses `invariant()` options fast-check would misread, with every problem at once: a `runs` that is not a
 * whole number (1.5, Infinity and 1e300 searched forever, in one synchronous loop), a `commands` that is not
 * an arbitrary, a `seed` or `path` no failure could have printed (raw TypeErrors, or a seed reported as null).
 */
export function checkInvariantOptions(options: Record<string, unknown>): void {
  const problems: string[] = [];
  const shown = (value: unknown) => formatInline(value, 60);
  const { commands, runs, maxCommands, seed, path, subject } = options;
  if (!isArbitrary(commands))
    problems.push(
      `\`commands\` must be a fast-check arbitrary of commands, e.g. fc.constantFrom(...) or fc.oneof(...), got ${shown(commands)}`,
    );
  if (maxCommands !== undefined && !(Number.isSafeInteger(maxCommands) && (maxCommands as number) >= 0))
    problems.push(`\`maxCommands\` must be a whole number ≥ 0, got ${shown(maxCommands)}`);
  problems.push(...searchOptionProblems({ runs, seed, path }));
  if (subject !== undefined && typeof subject !== 'string')
    problems.push(`\`subject\` must be a string, got ${shown(subject)}`);
  if (problems.length === 0) return;
  throw new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_OPTIONS',
    `invariant() cannot search with these options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
}

/** Whether `value` is a fast-check arbitrary (by shape: the user's fast-check may be another copy). */
function isArbitrary(value: unknown): boolean {
  const arbitrary = value as {
    generate?: unknown;
    shrink?: unknown;
    canShrinkWithoutContext?: unknown;
  } | null;
  return (
    typeof arbitrary === 'object' &&
    arbitrary !== null &&
    typeof arbitrary.generate === 'function' &&
    typeof arbitrary.shrink === 'function' &&
    typeof arbitrary.canShrinkWithoutContext === 'function'
  );
}
