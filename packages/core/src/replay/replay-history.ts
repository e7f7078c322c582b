import { EventspecError } from '../errors/eventspec-error.js';
import { FailureLog } from './_internals/failure-log.js';
import { locateDivergence } from './_internals/locate-divergence.js';
import { checkReplayOptions, sideTarget } from './_internals/replay-options.js';
import { ReplayRun } from './_internals/replay-run.js';
import { ReplaySide } from './_internals/replay-side.js';
import { describePosition, type History, isBadRecord, type SourcePosition } from './recorded-event.js';
import { ReplayFailedError } from './replay-failed-error.js';
import type { ReplayProgress, ReplayReport } from './replay-report.js';
import type { ReplayTarget } from './replay-target.js';

/** Options of {@link replayHistory}: the code to replay through, and how. */
export interface ReplayOptions extends ReplayTarget {
  /** Two versions side by side (each a decider / projection / process manager and upcasters; what a side does not name comes from the top level); streams whose state differs are reported field by field. */
  compare?: { old: ReplayTarget; new: ReplayTarget };
  /**
   * `'by-stream'`: the history holds each stream's events together (`ORDER BY stream_id, version`); a stream
   * is finished and forgotten when the next begins, so memory holds one stream, and a stream that appears
   * again is out of order. `'interleaved'`: streams mix (a global log); each stream's state is kept to the end.
   * @default 'interleaved'
   */
  grouping?: 'by-stream' | 'interleaved';
  /**
   * A record that cannot be read (not JSON, a field missing): `'fail'` stops the replay there, `'skip'`
   * counts it, keeps the first few in the report, and goes on.
   * @default 'fail'
   */
  onBadRecord?: 'fail' | 'skip';
  /** Fold every stream twice and report a state that differs between the folds (a clock or randomness in evolve). @default true */
  checkDeterminism?: boolean;
  /** Report a state that does not survive `structuredClone` unchanged. @default true */
  checkClone?: boolean;
  /** Called every `progressIntervalMs` on long replays, and once at the end. */
  onProgress?: (progress: ReplayProgress) => void;
  /** @default 1000 */
  progressIntervalMs?: number;
  /** Failures of each kind kept in full (all are counted). @default 10 */
  keepFailures?: number;
  /** When states differ, read the history again to find the first event where they diverge. @default true */
  locateDivergence?: boolean;
  /** Throw a {@link ReplayFailedError} (the report's text, with `report`) when anything failed. @default true */
  throwOnFailure?: boolean;
}

/**
 * Replays a recorded history through upcasters and a decider's fold, a projection or a process manager:
 * reports events no upcaster can read, folds that throw, are not deterministic or do not survive
 * `structuredClone`, and with `compare` the streams whose state differs between two versions of the code.
 * @example
 * const report = await replayHistory(jsonLinesHistory('fixtures/orders.jsonl', { reviveDates: true }), {
 *   upcasters: orderUpcasters,
 *   decider: order,
 * });
 */
export async function replayHistory<ReadModel = unknown>(
  history: History,
  options: ReplayOptions,
): Promise<ReplayReport<ReadModel>> {
  checkReplayOptions(options as Record<string, unknown>);
  const determinism = options.checkDeterminism ?? true;
  const sides = options.compare
    ? [
        new ReplaySide('old', sideTarget(options, options.compare.old), false),
        new ReplaySide('new', sideTarget(options, options.compare.new), determinism),
      ]
    : [new ReplaySide('replay', sideTarget(options), determinism)];
  const log = new FailureLog(options.keepFailures ?? 10);
  const run = new ReplayRun(sides, log, {
    byStream: options.grouping === 'by-stream',
    checkClone: options.checkClone ?? true,
  });
  const started = performance.now();
  const progress = progressReporter(options, run, started);
  await readHistory(history, run, log, options.onBadRecord ?? 'fail', progress);
  const readModel = run.finish();
  if (options.locateDivergence ?? true) await locateDivergence(history, sides, run.diverged, log);
  progress(true);
  const elapsedMs = performance.now() - started;
  const report: ReplayReport<ReadModel> = {
    history: history.name,
    ok: log.empty,
    events: run.events,
    streams: run.streams,
    upcast: run.upcast,
    badRecords: { count: log.badRecordCount, first: log.badRecords },
    unreadable: log.unreadableGroups(),
    failures: log.failures,
    failureCounts: log.counts,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? Math.round((run.events / elapsedMs) * 1000) : run.events,
  };
  if (readModel !== undefined) report.readModel = readModel as ReadModel;
  if (!report.ok && (options.throwOnFailure ?? true)) throw new ReplayFailedError(report);
  return report;
}

async function readHistory(
  history: History,
  run: ReplayRun,
  log: FailureLog,
  onBadRecord: 'fail' | 'skip',
  progress: (final: boolean) => void,
): Promise<void> {
  let last: SourcePosition | undefined;
  try {
    for await (const batch of history.read()) {
      for (const item of batch) {
        last = item.position;
        if (!isBadRecord(item)) {
          const pending = run.record(item);
          if (pending) await pending;
          continue;
        }
        if (onBadRecord === 'skip') {
          log.badRecord(item);
          continue;
        }
        log.add({
          kind: 'bad-record',
          position: item.position,
          message: `${describePosition(item.position)}: ${item.problem}`,
        });
        return;
      }
      progress(false);
    }
  } catch (error) {
    if (error instanceof EventspecError) throw error;
    throw sourceFailed(history, last, error);
  }
}

function sourceFailed(history: History, last: SourcePosition | undefined, error: unknown): EventspecError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = last ? `after ${last.at}` : 'before its first record';
  const truncated = /unexpected end of file|incorrect header check|invalid (block|distance|stored)/i.test(
    reason,
  )
    ? ' The gzip data is truncated or corrupt: compress the file again, or replay the part that is whole.'
    : '';
  return new EventspecError(
    'EVENTSPEC_REPLAY_SOURCE_FAILED',
    `Reading the history ${history.name} failed ${where}: ${reason}.${truncated}`,
    { cause: error },
  );
}

function progressReporter(options: ReplayOptions, run: ReplayRun, started: number): (final: boolean) => void {
  const { onProgress } = options;
  if (!onProgress) return () => undefined;
  const interval = options.progressIntervalMs ?? 1000;
  let next = started + interval;
  return (final) => {
    const now = performance.now();
    if (!final && now < next) return;
    next = now + interval;
    const elapsedMs = now - started;
    onProgress({
      events: run.events,
      streams: run.streams,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? Math.round((run.events / elapsedMs) * 1000) : run.events,
    });
  };
}
