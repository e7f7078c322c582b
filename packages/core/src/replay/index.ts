export type { ReplayModule } from './cli/load-replay-module.js';
export { loadReplayModule } from './cli/load-replay-module.js';
export type { ReplayCommandIo } from './cli/replay-command.js';
export { replayCommand, replayExitCodes, replayUsage } from './cli/replay-command.js';
export { formatReplayJunit, formatReplayMarkdown, formatReplayReport } from './format-replay.js';
export type { IterableHistoryOptions } from './iterable-history.js';
export { historyFrom } from './iterable-history.js';
export type { JsonLinesHistoryOptions } from './json-lines-history.js';
export { jsonLinesHistory } from './json-lines-history.js';
export type { RecordMapping } from './record-mapping.js';
export { recordFromJson } from './record-mapping.js';
export type { BadRecord, History, HistoryItem, RecordedEvent, SourcePosition } from './recorded-event.js';
export { ReplayFailedError } from './replay-failed-error.js';
export type { ReplayOptions } from './replay-history.js';
export { replayHistory } from './replay-history.js';
export type {
  ReplayFailure,
  ReplayFailureKind,
  ReplayProgress,
  ReplayReport,
  UnreadableEvents,
} from './replay-report.js';
export type { ReplayedDecider, ReplayTarget } from './replay-target.js';
export type { HistoryColumns, SqlClient, SqlHistoryOptions } from './sql-history.js';
export { sqlHistory } from './sql-history.js';
