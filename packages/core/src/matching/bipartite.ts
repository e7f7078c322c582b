/**
 * A perfect matching between `left` and `right` items of equal count under `fits`, as the index of the
 * right item each left item takes (Kuhn's augmenting paths); `undefined` when there is none.
 */
export function perfectMatching<L, R>(
  left: readonly L[],
  right: readonly R[],
  fits: (l: L, r: R) => boolean,
) {
  if (left.length !== right.length) return undefined;
  const matching = maximumMatching(left, right, fits);
  return matching.every((r) => r >= 0) ? matching : undefined;
}

/** For each left item, the index of the right item it is matched to in a maximum matching, or -1. */
export function maximumMatching<L, R>(
  left: readonly L[],
  right: readonly R[],
  fits: (l: L, r: R) => boolean,
): number[] {
  const edges = left.map((l) => right.map((r) => fits(l, r)));
  const leftOf: number[] = right.map(() => -1);
  const tryAssign = (l: number, visited: boolean[]): boolean => {
    for (let r = 0; r < right.length; r++) {
      if (!edges[l]![r] || visited[r]) continue;
      visited[r] = true;
      if (leftOf[r]! < 0 || tryAssign(leftOf[r]!, visited)) {
        leftOf[r] = l;
        return true;
      }
    }
    return false;
  };
  for (let l = 0; l < left.length; l++)
    tryAssign(
      l,
      right.map(() => false),
    );
  const rightOf = left.map(() => -1);
  leftOf.forEach((l, r) => {
    if (l >= 0) rightOf[l] = r;
  });
  return rightOf;
}
