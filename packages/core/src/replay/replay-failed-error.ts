import { EventspecError } from '../errors/eventspec-error.js';
import { formatReplayReport } from './format-replay.js';
import type { ReplayReport } from './replay-report.js';

/** Thrown by `replayHistory` when the replay found problems; `report` holds all of them. */
export class ReplayFailedError extends EventspecError {
  override name = 'ReplayFailedError';
  readonly report: ReplayReport;

  constructor(report: ReplayReport) {
    super('EVENTSPEC_REPLAY_FAILED', formatReplayReport(report));
    this.report = report;
  }
}
