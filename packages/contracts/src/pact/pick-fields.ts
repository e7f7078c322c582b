import { EventspecUsageError } from '@eventspec/core/internal';

/** The parts of a value at the given paths (`a.b`, `items[].sku`); a path that is not there is a usage error. */
export function pickFields(value: unknown, paths: readonly string[]): unknown {
  let out: unknown;
  for (const path of paths)
    out = mergePicked(out, pick(value, path.split(/\.|(?=\[\])/).filter(Boolean), path));
  return out ?? {};
}

function pick(value: unknown, segments: string[], path: string): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (head === '[]') {
    if (!Array.isArray(value))
      throw new EventspecUsageError(
        'EVENTSPEC_PACT_READS_INVALID',
        `reads: "${path}" goes into an array, but the example has ${JSON.stringify(value)} there.`,
      );
    return value.map((item) => pick(item, rest, path));
  }
  const key = head.replace(/^\[\]/, '');
  if (typeof value !== 'object' || value === null || !(key in value)) {
    throw new EventspecUsageError(
      'EVENTSPEC_PACT_READS_INVALID',
      `reads: the example data has no "${path}". List fields of the contract's data, or pass a data example that has them.`,
    );
  }
  return { [key]: pick((value as Record<string, unknown>)[key], rest, path) };
}

function mergePicked(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => mergePicked(x, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergePicked(out[k], v) : v;
    return out;
  }
  return b;
}
