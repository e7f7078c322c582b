import type { Difference } from '../matching/difference.js';
import { formatPath } from './format-path.js';
import { formatInline } from './format-value.js';

/** The words a difference line uses for its two sides: `expected` / `received` unless told otherwise. */
export interface DifferenceLabels {
  expected: string;
  actual: string;
}

const defaultLabels: DifferenceLabels = { expected: 'expected', actual: 'received' };

/**
 * One line per difference: `data.total: expected 30, received 25`; with labels `{ expected: 'once',
 * actual: 'twice' }`: `revenue: once 30, twice 60`.
 */
export function describeDifference(
  difference: Difference,
  root = '',
  labels: DifferenceLabels = defaultLabels,
): string {
  const where = formatPath(difference.path, root);
  const expected = formatInline(difference.expected, 60);
  const actual = formatInline(difference.actual, 60);
  switch (difference.kind) {
    case 'missing':
      return `${where}: missing, ${labels.expected} ${expected}`;
    case 'unexpected':
      return labels === defaultLabels
        ? `${where}: unexpected ${actual}`
        : `${where}: only ${labels.actual}, ${actual}`;
    case 'type':
      return `${where}: ${labels.expected} ${kindOf(difference.expected)} ${expected}, ${labels.actual} ${kindOf(difference.actual)} ${actual}`;
    default:
      return `${where}: ${labels.expected} ${expected}, ${labels.actual} ${actual}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return 'array';
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return 'null-prototype object';
  return proto === Object.prototype ? 'object' : (proto.constructor?.name ?? 'object');
}
