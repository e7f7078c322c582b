import { EventspecUsageError } from '../errors/eventspec-error.js';

/** A field path left out of comparisons, split into segments; `*` stands for any one key or index. */
export type IgnoredPath = readonly string[];

const segmentPattern = /^(?:[^.[\]]+|\*)$/;

/**
 * Reads field paths such as `metadata.recordedAt`, `data.lines[*].addedAt` or `*.traceId` (relative to
 * each compared value); a malformed path is a usage error naming `api`.
 */
export function parseIgnoredPaths(paths: unknown, api: string): IgnoredPath[] {
  if (!Array.isArray(paths)) {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_IGNORE',
      `${api}: ignore takes an array of field paths, such as ['metadata.recordedAt', 'data.lines[*].addedAt'].`,
    );
  }
  const problems: string[] = [];
  const parsed = paths.map((path, index) => {
    const segments = typeof path === 'string' ? path.replace(/\[([^\]]*)\]/g, '.$1').split('.') : [];
    if (segments.length === 0 || !segments.every((segment) => segmentPattern.test(segment)))
      problems.push(`ignore[${index}] ${JSON.stringify(path)}`);
    return segments;
  });
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_IGNORE',
      `${api}: these ignored paths are not field paths: ${problems.join(', ')}. ` +
        "Write them as keys joined by dots, with [n] or [*] for array items: 'metadata.recordedAt', 'data.lines[*].addedAt'.",
    );
  }
  return parsed;
}

/**
 * `value` without the fields at `paths`: a copy along the paths that apply, the value itself elsewhere.
 * A field left out on both sides is not compared, whether either side has it or not.
 */
export function withoutIgnored<T>(value: T, paths: readonly IgnoredPath[]): T {
  if (paths.length === 0 || typeof value !== 'object' || value === null) return value;
  if (value instanceof Date || value instanceof Set || ArrayBuffer.isView(value)) return value;
  const fieldsOf = (key: string) => paths.filter((path) => path.length > 1 && matches(path[0]!, key));
  const dropped = (key: string) => paths.some((path) => path.length === 1 && matches(path[0]!, key));
  if (Array.isArray(value))
    return value.map((item, i) => withoutIgnored(item, nested(fieldsOf(String(i))))) as T;
  if (value instanceof Map) {
    const copy = new Map();
    for (const [key, item] of value) {
      if (typeof key === 'string' && dropped(key)) continue;
      copy.set(key, typeof key === 'string' ? withoutIgnored(item, nested(fieldsOf(key))) : item);
    }
    return copy as T;
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (dropped(key)) continue;
    const rest = fieldsOf(key);
    copy[key] = rest.length === 0 ? record[key] : withoutIgnored(record[key], nested(rest));
  }
  return copy as T;
}

function matches(segment: string, key: string): boolean {
  return segment === '*' || segment === key;
}

function nested(paths: readonly IgnoredPath[]): IgnoredPath[] {
  return paths.map((path) => path.slice(1));
}
