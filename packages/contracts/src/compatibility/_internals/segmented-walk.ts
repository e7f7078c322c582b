/** One place of a walk left for later: its key and how to compute it on a fresh stack. */
interface Deferred<T> {
  key: string;
  run: () => T;
}

/**
 * Runs a recursive walk of any depth on a bounded stack. The walk descends as usual up to a segment depth;
 * a place below it is `defer`red: noted, answered with a placeholder for now, and later computed as the root
 * of a run of its own. Once every deferred place is known (memoised by key), the run that needed them is
 * repeated and gets their results. A chain of `n` levels costs about two walks of it, whatever `n` is.
 *
 * A place's result must depend on its key alone (the key carries whatever context the walk depends on).
 */
export class SegmentedWalk<T> {
  readonly #known = new Map<string, T>();
  #missing: Deferred<T>[] | undefined;

  /** Whether a walk is running (a nested `solve` is not needed then: call the walk directly). */
  get running(): boolean {
    return this.#missing !== undefined;
  }

  /** Computes `start` and every place it defers, each as the root of its own run, without recursion. */
  solve(start: () => T): T {
    const stack: Deferred<T>[] = [{ key: '', run: start }];
    try {
      for (;;) {
        const task = stack.at(-1)!;
        if (task.key !== '' && this.#known.has(task.key)) {
          stack.pop();
          continue;
        }
        this.#missing = [];
        const result = task.run();
        const missing = this.#missing;
        this.#missing = undefined;
        if (missing.length === 0) {
          stack.pop();
          if (stack.length === 0) return result;
          this.#known.set(task.key, result);
          continue;
        }
        const queued = new Set<string>();
        for (const place of missing) {
          if (queued.has(place.key)) continue;
          queued.add(place.key);
          stack.push(place);
        }
      }
    } finally {
      this.#missing = undefined;
    }
  }

  /** Inside a run: the result of a deep place if it is known, otherwise `placeholder` (the place is queued). */
  defer(key: string, run: () => T, placeholder: T): T {
    const known = this.#known.get(key);
    if (known !== undefined) return known;
    this.#missing?.push({ key, run });
    return placeholder;
  }
}
