import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { PathSegment } from './difference.js';

/** How deep a value may nest before comparing or copying it stops with an error instead of the stack. */
export const maxNestingDepth = 1000;

/** A value nested deeper than {@link maxNestingDepth}: a coded error naming where, not a stack overflow. */
export function tooDeep(path: readonly PathSegment[]): EventspecUsageError {
  const where = path
    .slice(0, 6)
    .map((segment) => (typeof segment === 'object' ? '…' : String(segment)))
    .join('.');
  return new EventspecUsageError(
    'EVENTSPEC_VALUE_TOO_DEEP',
    `A value is nested more than ${maxNestingDepth} levels deep${where ? ` (at ${where}…)` : ''}, deeper than ` +
      'eventspec compares or copies. Events, states and read models are data: flatten the structure ' +
      '(a list instead of a linked chain), or leave that field out of the comparison.',
  );
}
