import { EventspecUsageError } from '../../errors/eventspec-error.js';
import { formatInline } from '../../format/format-value.js';
import type { ReplayTarget } from '../replay-target.js';

const targetKeys = ['upcasters', 'decider', 'projection', 'processManager'] as const;
const optionKeys = [
  ...targetKeys,
  'compare',
  'grouping',
  'onBadRecord',
  'checkDeterminism',
  'checkClone',
  'onProgress',
  'progressIntervalMs',
  'keepFailures',
  'locateDivergence',
  'throwOnFailure',
] as const;

/** Refuses what replayHistory cannot run, all problems at once: unknown keys, no code or two, bad choices. */
export function checkReplayOptions(options: Record<string, unknown>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new EventspecUsageError(
      'EVENTSPEC_REPLAY_BAD_OPTIONS',
      `replayHistory(history, options) takes its options as an object ({ decider, upcasters, … }), got ${formatInline(options, 60)}`,
    );
  }
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!(optionKeys as readonly string[]).includes(key)) {
      problems.push(`unknown option "${key}"; the options are ${optionKeys.join(', ')}`);
    }
  }
  const compare = options.compare as { old?: unknown; new?: unknown } | undefined;
  if (compare !== undefined) {
    if (typeof compare !== 'object' || compare === null || !compare.old || !compare.new) {
      problems.push(
        'compare takes { old, new }: the two versions (decider / projection / upcasters) to replay side by side',
      );
    } else {
      for (const side of ['old', 'new'] as const) {
        problems.push(
          ...targetProblems(
            sideTarget(pick(options), compare[side] as ReplayTarget) as Record<string, unknown>,
            `compare.${side}`,
          ),
        );
      }
    }
  } else {
    problems.push(...targetProblems(options, 'the options'));
  }
  if (
    options.grouping !== undefined &&
    options.grouping !== 'by-stream' &&
    options.grouping !== 'interleaved'
  ) {
    problems.push(`grouping is 'by-stream' or 'interleaved', not ${formatInline(options.grouping, 60)}`);
  }
  if (options.onBadRecord !== undefined && options.onBadRecord !== 'fail' && options.onBadRecord !== 'skip') {
    problems.push(`onBadRecord is 'fail' or 'skip', not ${formatInline(options.onBadRecord, 60)}`);
  }
  problems.push(...valueProblems(options));
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_REPLAY_BAD_OPTIONS',
      `replayHistory(history, options) cannot run:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

/**
 * The code of one side of a replay: the side's own decider / projection / process manager, or the top-level
 * one; the side's upcasters when it names the key (`upcasters: undefined` reads the stored events as they
 * are), or the top-level ones.
 */
export function sideTarget(options: ReplayTarget, side: ReplayTarget = {}): ReplayTarget {
  const hasCode =
    side.decider !== undefined || side.projection !== undefined || side.processManager !== undefined;
  const code = hasCode ? side : options;
  const upcasters = 'upcasters' in side ? side.upcasters : options.upcasters;
  const target: ReplayTarget = {};
  if (upcasters) target.upcasters = upcasters;
  if (code.decider) target.decider = code.decider;
  if (code.projection) target.projection = code.projection;
  if (code.processManager) target.processManager = code.processManager;
  return target;
}

/** The flags, counts and callback: a junk value was a raw TypeError mid-replay (`onProgress: {}`). */
function valueProblems(options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ['checkDeterminism', 'checkClone', 'locateDivergence', 'throwOnFailure'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean')
      problems.push(`${key} is true or false, not ${formatInline(value, 60)}`);
  }
  const { keepFailures, progressIntervalMs, onProgress } = options;
  const allFailures = keepFailures === Number.POSITIVE_INFINITY;
  if (
    keepFailures !== undefined &&
    !allFailures &&
    !(Number.isSafeInteger(keepFailures) && (keepFailures as number) >= 0)
  )
    problems.push(`keepFailures is a whole number ≥ 0 (or Infinity), not ${formatInline(keepFailures, 60)}`);
  if (
    progressIntervalMs !== undefined &&
    !(
      typeof progressIntervalMs === 'number' &&
      Number.isFinite(progressIntervalMs) &&
      progressIntervalMs >= 0
    )
  )
    problems.push(
      `progressIntervalMs is a number of milliseconds ≥ 0, not ${formatInline(progressIntervalMs, 60)}`,
    );
  if (onProgress !== undefined && typeof onProgress !== 'function')
    problems.push(`onProgress is a function (progress) => void, not ${formatInline(onProgress, 60)}`);
  return problems;
}

function targetProblems(target: Record<string, unknown>, where: string): string[] {
  const code = (['decider', 'projection', 'processManager'] as const).filter(
    (key) => target[key] !== undefined,
  );
  if (code.length === 1) return shapeProblems(target, code[0]!, where);
  if (code.length === 0)
    return [`${where} name no code to replay through: give a decider, a projection or a processManager`];
  return [`${where} name ${code.join(' and ')}: replay goes through one of them at a time`];
}

function shapeProblems(target: Record<string, unknown>, key: string, where: string): string[] {
  const code = target[key] as Record<string, unknown>;
  const needed = key === 'decider' ? 'evolve' : key === 'projection' ? 'project' : 'react';
  if (typeof code !== 'object' || code === null || typeof code[needed] !== 'function') {
    return [`${where}: ${key} has no ${needed}() function`];
  }
  if (!('initialState' in code)) return [`${where}: ${key} has no initialState`];
  const upcasters = target.upcasters as { upcast?: unknown } | undefined;
  if (upcasters !== undefined && typeof upcasters?.upcast !== 'function') {
    return [`${where}: upcasters is not a registry made with defineUpcasters()`];
  }
  return [];
}

function pick(options: Record<string, unknown>): ReplayTarget {
  const picked: Record<string, unknown> = {};
  for (const key of targetKeys) if (options[key] !== undefined) picked[key] = options[key];
  return picked as ReplayTarget;
}
