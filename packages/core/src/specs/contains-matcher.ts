import { isAsymmetricMatcher } from '../matching/asymmetric-matcher.js';

/** Whether an asymmetric matcher sits anywhere inside `value` (plain objects and arrays are searched). */
export function containsMatcher(value: unknown, seen: Set<object> = new Set()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  if (isAsymmetricMatcher(value)) return true;
  seen.add(value);
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => containsMatcher(child, seen));
}
