/** Where a record came from, for errors and reports: a file line, a topic offset, a table row. */
export interface SourcePosition {
  /** The source, e.g. `history.jsonl`, `topic orders`, `table public.events`. */
  source: string;
  /** 1-based line of a file, row number of a query, or `partition:offset` of a topic. */
  at: string;
}

/** One stored event as a history source gives it: the stream it belongs to, its place in it, and the event. */
export interface RecordedEvent<Event = object> {
  streamId: string;
  /** The event's version within its stream; when given, versions must grow within a stream. */
  streamVersion?: number;
  /** The stored event, in the shape the upcasters and the code under replay read (`{ type, version?, data, … }`). */
  event: Event;
  position: SourcePosition;
}

/** A record that could not be read: a line that is not JSON, a row with a missing column. */
export interface BadRecord {
  bad: true;
  position: SourcePosition;
  /** What is wrong with it and how to fix it. */
  problem: string;
}

/** What a history source yields, in the order of the history. */
export type HistoryItem<Event = object> = RecordedEvent<Event> | BadRecord;

/**
 * A recorded history: records in order, read from the start each time `read()` is called, in batches (a
 * batch per chunk of a file or page of a query, so that a million events do not cost a million awaits).
 * Sources stream: none of them holds the whole history in memory.
 */
export interface History<Event = object> {
  /** What the history is, e.g. `history.jsonl.gz`. */
  readonly name: string;
  /** Reads the history from its start, batch by batch. */
  read(): AsyncIterable<readonly HistoryItem<Event>[]>;
}

/** Whether a history item is a bad record. */
export function isBadRecord(item: HistoryItem<unknown>): item is BadRecord {
  return (item as BadRecord).bad === true;
}

/** The position as people read it: `history.jsonl line 12`. */
export function describePosition(position: SourcePosition): string {
  return `${position.source} ${position.at}`;
}
