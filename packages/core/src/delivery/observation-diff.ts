import { deepEqual, differencesIn } from '../matching/compare.js';
import type { Difference, PathSegment } from '../matching/difference.js';

const maxAlignedCells = 250_000;

/**
 * The differences between an observation and the reference one, by path, with arrays aligned on their
 * common elements: a duplicated entry reads as one unexpected element, not as every later element changed.
 */
export function observationDifferences(
  actual: unknown,
  expected: unknown,
  path: PathSegment[] = [],
): Difference[] {
  if (Array.isArray(actual) && Array.isArray(expected)) return arrayDifferences(actual, expected, path);
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const found: Difference[] = [];
    for (const key of Object.keys(expected)) {
      if (!Object.hasOwn(actual, key))
        found.push({ path: [...path, key], kind: 'missing', expected: expected[key] });
      else found.push(...observationDifferences(actual[key], expected[key], [...path, key]));
    }
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key))
        found.push({ path: [...path, key], kind: 'unexpected', actual: actual[key] });
    }
    return found;
  }
  return differencesIn('strict', actual, expected).map((difference) => ({
    ...difference,
    path: [...path, ...difference.path],
  }));
}

function arrayDifferences(actual: unknown[], expected: unknown[], path: PathSegment[]): Difference[] {
  if (actual.length * expected.length > maxAlignedCells)
    return observationDifferencesFlat(actual, expected, path);
  const rows = actual.length + 1;
  const cols = expected.length + 1;
  const common = new Uint32Array(rows * cols);
  for (let i = actual.length - 1; i >= 0; i--) {
    for (let j = expected.length - 1; j >= 0; j--) {
      common[i * cols + j] = deepEqual(actual[i], expected[j])
        ? common[(i + 1) * cols + j + 1]! + 1
        : Math.max(common[(i + 1) * cols + j]!, common[i * cols + j + 1]!);
    }
  }
  const found: Difference[] = [];
  let extra: number[] = [];
  let lacking: number[] = [];
  const flush = () => {
    const paired = Math.min(extra.length, lacking.length);
    for (let k = 0; k < paired; k++)
      found.push(...observationDifferences(actual[extra[k]!], expected[lacking[k]!], [...path, extra[k]!]));
    for (const i of extra.slice(paired))
      found.push({ path: [...path, i], kind: 'unexpected', actual: actual[i] });
    for (const j of lacking.slice(paired))
      found.push({ path: [...path, j], kind: 'missing', expected: expected[j] });
    extra = [];
    lacking = [];
  };
  let i = 0;
  let j = 0;
  while (i < actual.length || j < expected.length) {
    if (i < actual.length && j < expected.length && deepEqual(actual[i], expected[j])) {
      flush();
      i++;
      j++;
    } else if (
      j < expected.length &&
      (i === actual.length || common[i * cols + j + 1]! >= common[(i + 1) * cols + j]!)
    ) {
      lacking.push(j++);
    } else extra.push(i++);
  }
  flush();
  return found;
}

function observationDifferencesFlat(
  actual: unknown[],
  expected: unknown[],
  path: PathSegment[],
): Difference[] {
  return differencesIn('strict', actual, expected).map((difference) => ({
    ...difference,
    path: [...path, ...difference.path],
  }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
