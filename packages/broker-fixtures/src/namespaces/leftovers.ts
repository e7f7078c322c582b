import { runIdOf } from './namespace-name.js';
import { runStartedAt } from './run-id.js';

/** Options of {@link selectLeftovers}. */
export interface LeftoverOptions {
  /** The current run: never a leftover. */
  currentRunId: string;
  /** Namespaces of runs started longer ago than this are leftovers. @default 3_600_000 (1 h) */
  maxAgeMs?: number;
  /**
   * Select the current run's namespaces instead (at the end of a run: what crashed tests left behind).
   * @default false
   */
  currentRun?: boolean;
  now?: number;
}

/**
 * Which of `names` (topics, groups, vhosts) were left by runs that are over: eventspec namespaces of
 * other runs older than `maxAgeMs`. Runs still going (a parallel shard) are younger, so they are kept.
 */
export function selectLeftovers(names: Iterable<string>, options: LeftoverOptions): string[] {
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? 3_600_000;
  const leftovers: string[] = [];
  for (const name of names) {
    const runId = runIdOf(name);
    if (runId === undefined) continue;
    if (options.currentRun) {
      if (runId === options.currentRunId) leftovers.push(name);
      continue;
    }
    if (runId === options.currentRunId) continue;
    const started = runStartedAt(runId);
    if (started !== undefined && now - started > maxAgeMs) leftovers.push(name);
  }
  return leftovers;
}
