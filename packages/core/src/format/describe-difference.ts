import type { Difference } from '../matching/difference.js';
import { formatPath } from './format-path.js';
import { formatInline } from './format-value.js';

/** One line per difference: `data.total: expected 30, received 25`. */
export function describeDifference(difference: Difference, root = ''): string {
  const where = formatPath(difference.path, root);
  const expected = formatInline(difference.expected, 60);
  const actual = formatInline(difference.actual, 60);
  switch (difference.kind) {
    case 'missing':
      return `${where}: missing, expected ${expected}`;
    case 'unexpected':
      return `${where}: unexpected ${actual}`;
    case 'unmatched':
      return `${where}: expected ${expected}, received ${actual}`;
    case 'type':
      return `${where}: expected ${kindOf(difference.expected)} ${expected}, received ${kindOf(difference.actual)} ${actual}`;
    default:
      return `${where}: expected ${expected}, received ${actual}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'array';
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype ? 'object' : (proto.constructor?.name ?? 'object');
}
