import { copyValue } from './copy-value.js';

const plainMark = Symbol('plain object');
const arrayMark = Symbol('array');
const flatDepth = 24;

/**
 * A value as it was at one moment, to tell later whether it was changed in place. Plain data (primitives,
 * plain objects, dense arrays — the common state) is kept as a flat list of its keys and leaves, which is
 * cheaper to take and to check than a copy; anything else is kept as a deep copy.
 */
export type DataSnapshot = { flat: unknown[] } | { copy: unknown };

/** Takes a {@link DataSnapshot} of `value`. */
export function snapshotOf(value: unknown): DataSnapshot {
  const flat: unknown[] = [];
  return flatten(value, flat, 0) ? { flat } : { copy: copyValue(value) };
}

/** Whether `value` still holds what `snapshot` recorded, for a flat snapshot; `undefined` for a copy. */
export function unchangedSince(value: unknown, snapshot: DataSnapshot): boolean | undefined {
  if (!('flat' in snapshot)) return undefined;
  const probe: unknown[] = [];
  if (!flatten(value, probe, 0) || probe.length !== snapshot.flat.length) return false;
  for (let i = 0; i < probe.length; i++) if (!Object.is(probe[i], snapshot.flat[i])) return false;
  return true;
}

/** The value a snapshot recorded, rebuilt (for a flat one) to show what changed. */
export function recordedValue(snapshot: DataSnapshot): unknown {
  if ('copy' in snapshot) return snapshot.copy;
  let next = 0;
  const read = (): unknown => {
    const item = snapshot.flat[next++];
    if (item === arrayMark) {
      const length = snapshot.flat[next++] as number;
      return Array.from({ length }, read);
    }
    if (item !== plainMark) return item;
    const count = snapshot.flat[next++] as number;
    const object: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = snapshot.flat[next++] as string;
      object[key] = read();
    }
    return object;
  };
  return read();
}

function flatten(value: unknown, out: unknown[], depth: number): boolean {
  if (typeof value !== 'object' || value === null) {
    out.push(value);
    return typeof value !== 'symbol' || (value !== plainMark && value !== arrayMark);
  }
  if (depth > flatDepth) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    out.push(arrayMark, array.length);
    for (let i = 0; i < array.length; i++)
      if (!(i in array) || !flatten(array[i], out, depth + 1)) return false;
    return true;
  }
  if (proto !== Object.prototype) return false;
  out.push(plainMark, 0);
  const countAt = out.length - 1;
  let count = 0;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    count++;
    out.push(key);
    if (!flatten(record[key], out, depth + 1)) return false;
  }
  out[countAt] = count;
  return true;
}
