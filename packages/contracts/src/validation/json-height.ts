const heights = new WeakMap<object, number>();

/**
 * How deeply a JSON value nests: 0 for a scalar, 1 for `{}` or `{ "a": 1 }`, and so on. Iterative (any
 * depth) and cached per object, so asking it of each level of a deep schema costs one walk in all. A cycle
 * (possible in objects built in code) counts as a scalar where it closes.
 */
export function jsonHeight(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const cached = heights.get(value);
  if (cached !== undefined) return cached;
  const open = new Set<object>();
  const stack: object[] = [value];
  while (stack.length > 0) {
    const current = stack.at(-1)!;
    if (heights.has(current)) {
      stack.pop();
      continue;
    }
    if (!open.has(current)) {
      open.add(current);
      for (const next of Object.values(current))
        if (typeof next === 'object' && next !== null && !heights.has(next) && !open.has(next))
          stack.push(next);
      continue;
    }
    stack.pop();
    let height = 0;
    for (const next of Object.values(current))
      if (typeof next === 'object' && next !== null) height = Math.max(height, heights.get(next) ?? 0);
    heights.set(current, height + 1);
    open.delete(current);
  }
  return heights.get(value)!;
}
