import { randomBytes } from 'node:crypto';

/**
 * The id of one test run, part of every namespace so runs sharing a broker (vitest shards, CI jobs)
 * never collide and a later run can tell a crashed run's leftovers by their age. Starts with the
 * start time in base 36; the rest is EVENTSPEC_RUN_ID (e.g. `${GITHUB_RUN_ID}-${shard}`) or random.
 */
export function newRunId(env: NodeJS.ProcessEnv = process.env, now: number = Date.now()): string {
  const label = (env.EVENTSPEC_RUN_ID ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${now.toString(36)}-${label.slice(0, 24) || randomBytes(3).toString('hex')}`;
}

/** When the run with this id started, or undefined when the id is not one of ours. */
export function runStartedAt(runId: string): number | undefined {
  const match = /^([0-9a-z]{8,9})-/.exec(runId);
  if (!match) return undefined;
  const time = Number.parseInt(match[1]!, 36);
  return Number.isFinite(time) ? time : undefined;
}
