import type { Difference } from '../matching/difference.js';
import type { BadRecord, SourcePosition } from './recorded-event.js';

/** The kinds of problem a replay finds. */
export type ReplayFailureKind =
  | 'bad-record'
  | 'out-of-order'
  | 'unreadable'
  | 'upcaster-threw'
  | 'evolve-threw'
  | 'project-threw'
  | 'react-threw'
  | 'acted-on-replay'
  | 'non-deterministic'
  | 'not-cloneable'
  | 'differs';

/** One problem, where it happened, and what to do. */
export interface ReplayFailure {
  kind: ReplayFailureKind;
  /** The stream, when the problem belongs to one (a projection's read model belongs to none). */
  streamId?: string;
  /** The record at fault, or the first record where two versions diverge. */
  position?: SourcePosition;
  /** The stored event's type and version, when the problem is about one event. */
  event?: string;
  message: string;
  /** For `differs` and `non-deterministic`: the differing fields. */
  differences?: Difference[];
}

/** Events that no upcaster can read, grouped by type and version. */
export interface UnreadableEvents {
  type: string;
  version: number;
  count: number;
  first: SourcePosition;
  reason: string;
}

/** What a replay read, what it found, and how fast. */
export interface ReplayReport<ReadModel = unknown> {
  /** The history's name. */
  history: string;
  /** True when nothing failed (bad records skipped under `onBadRecord: 'skip'` do not count as failures). */
  ok: boolean;
  /** Stored events read. */
  events: number;
  streams: number;
  /** Stored events an upcaster moved to a newer version. */
  upcast: number;
  badRecords: { count: number; first: BadRecord[] };
  unreadable: UnreadableEvents[];
  /** The first failures of each kind (see `failureCounts` for all of them). */
  failures: ReplayFailure[];
  failureCounts: Partial<Record<ReplayFailureKind, number>>;
  /** The projection's read model after the replay (the new one's, when comparing). */
  readModel?: ReadModel;
  elapsedMs: number;
  eventsPerSecond: number;
}

/** Progress of a long replay, given to `onProgress`. */
export interface ReplayProgress {
  events: number;
  streams: number;
  elapsedMs: number;
  eventsPerSecond: number;
}
