import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EventspecError } from '../../errors/eventspec-error.js';
import { formatReplayJunit, formatReplayMarkdown, formatReplayReport } from '../format-replay.js';
import { jsonLinesHistory } from '../json-lines-history.js';
import { replayHistory } from '../replay-history.js';
import type { ReplayProgress, ReplayReport } from '../replay-report.js';
import { loadReplayModule } from './load-replay-module.js';

/** Where a command writes, and the folder it runs in. */
export interface ReplayCommandIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes of `eventspec replay`, as `eventspec contracts check` uses them. */
export const replayExitCodes = { ok: 0, failed: 1, brokenInput: 2, usage: 64 } as const;

export const replayUsage = `Usage: eventspec replay --module <file>[#export] [options]

Replays a recorded history through upcasters and a decider, projection or process manager.

Options:
  --module <file>[#export]  the replay options: { upcasters, decider | projection | processManager, compare?, history? }
                            (default export, else the export named replay)
  --jsonl <file>            the history as JSON Lines (gzip too); else the module's history
  --revive-dates            turn ISO-8601 date-time strings into Dates (with --jsonl)
  --grouping <mode>         by-stream (each stream's events together) or interleaved (default)
  --skip-bad-records        count unreadable records and go on instead of stopping at the first
  --markdown <file>         also write the report as Markdown (e.g. for a CI summary)
  --junit <file>            also write the report as JUnit XML
  --progress                print progress to stderr every second
  -h, --help                this help

Exit codes: 0 nothing failed, 1 the replay found problems, 2 the history or the module cannot be read, 64 usage.
`;

/** Runs `eventspec replay <args>`; returns the exit code. Every problem a user can cause is a message, not a stack. */
export async function replayCommand(args: string[], io: ReplayCommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    io.err(`eventspec replay: ${(error as Error).message}\n\n${replayUsage}`);
    return replayExitCodes.usage;
  }
  if (values.help) {
    io.out(replayUsage);
    return replayExitCodes.ok;
  }
  if (!values.module) {
    io.err(
      `eventspec replay: --module is required: the module holding the code to replay.\n\n${replayUsage}`,
    );
    return replayExitCodes.usage;
  }
  try {
    const loaded = await loadReplayModule(values.module, io.cwd);
    const history = values.jsonl
      ? jsonLinesHistory(resolve(io.cwd, values.jsonl), { reviveDates: values['revive-dates'] ?? false })
      : loaded.history;
    if (!history) {
      io.err(
        `eventspec replay: no history to read: pass --jsonl <file>, or export history from ${loaded.name}.\n`,
      );
      return replayExitCodes.usage;
    }
    const report = await replayHistory(history, {
      ...loaded.options,
      ...(values.grouping ? { grouping: values.grouping as 'by-stream' | 'interleaved' } : {}),
      ...(values['skip-bad-records'] ? { onBadRecord: 'skip' as const } : {}),
      ...(values.progress
        ? { onProgress: (progress: ReplayProgress) => io.err(progressLine(progress)) }
        : {}),
      throwOnFailure: false,
    });
    io.out(`${report.ok ? '✓' : '✗'} ${formatReplayReport(report)}\n`);
    await writeReports(report, values, io);
    return exitCodeOf(report);
  } catch (error) {
    if (!(error instanceof EventspecError)) throw error;
    io.err(`eventspec replay: ${error.message}\n`);
    return error.code === 'EVENTSPEC_REPLAY_BAD_OPTIONS'
      ? replayExitCodes.usage
      : replayExitCodes.brokenInput;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      module: { type: 'string' },
      jsonl: { type: 'string' },
      'revive-dates': { type: 'boolean' },
      grouping: { type: 'string' },
      'skip-bad-records': { type: 'boolean' },
      markdown: { type: 'string' },
      junit: { type: 'string' },
      progress: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function exitCodeOf(report: ReplayReport): number {
  if (report.ok) return replayExitCodes.ok;
  return report.failureCounts['bad-record'] ? replayExitCodes.brokenInput : replayExitCodes.failed;
}

async function writeReports(
  report: ReplayReport,
  values: { markdown?: string; junit?: string },
  io: ReplayCommandIo,
): Promise<void> {
  const outputs: [string | undefined, () => string][] = [
    [values.markdown, () => formatReplayMarkdown(report)],
    [values.junit, () => formatReplayJunit(report)],
  ];
  for (const [file, format] of outputs) {
    if (!file) continue;
    const path = resolve(io.cwd, file);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, format());
    } catch (error) {
      // The verdict stands; a report that cannot be written is said, not turned into another exit code.
      io.err(`eventspec replay: could not write ${file}: ${(error as Error).message}\n`);
    }
  }
}

function progressLine({ events, streams, eventsPerSecond }: ProgressLike): string {
  return `replayed ${events.toLocaleString('en')} events in ${streams.toLocaleString('en')} streams (${eventsPerSecond.toLocaleString('en')} events/s)\n`;
}

type ProgressLike = Pick<ReplayProgress, 'events' | 'streams' | 'eventsPerSecond'>;
