import type { HistoryItem, RecordedEvent, SourcePosition } from './recorded-event.js';

/** How a stored JSON record (a line, a row, a message value) becomes a {@link RecordedEvent}. */
export interface RecordMapping<Event> {
  /**
   * Reads one stored record; throw (with a message saying what is missing) for a record that cannot be read:
   * it becomes a bad record at its position.
   * @default the `{ streamId, streamVersion?, type, version?, data, metadata?, headers? }` shape
   */
  toRecord?: (json: unknown) => Omit<RecordedEvent<Event>, 'position'>;
}

/** A record read with the mapping, or a bad record naming what is wrong. */
export function recordFromJson<Event>(
  json: unknown,
  position: SourcePosition,
  mapping: RecordMapping<Event>,
): HistoryItem<Event> {
  try {
    const read = mapping.toRecord
      ? mapping.toRecord(json)
      : (defaultRecord(json) as Omit<RecordedEvent<Event>, 'position'>);
    if (typeof read?.streamId !== 'string' || read.streamId === '') {
      return { bad: true, position, problem: 'toRecord returned no streamId (a non-empty string)' };
    }
    return { ...read, position };
  } catch (error) {
    return { bad: true, position, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The default stored shape: `{ streamId, streamVersion?, type, version?, data, metadata?, headers? }`. */
export function defaultRecord(json: unknown): Omit<RecordedEvent<object>, 'position'>;
export function defaultRecord(json: unknown, position: SourcePosition): RecordedEvent<object>;
export function defaultRecord(
  json: unknown,
  position?: SourcePosition,
): Omit<RecordedEvent<object>, 'position'> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`expected an object { streamId, type, data, … }, found ${describe(json)}`);
  }
  const record = json as Record<string, unknown>;
  const streamId = record.streamId;
  if (typeof streamId !== 'string' || streamId === '') {
    throw new Error(`missing "streamId" (a non-empty string)${hint(record)}`);
  }
  if (typeof record.type !== 'string' || record.type === '') {
    throw new Error(`missing "type" (a non-empty string) in stream ${streamId}`);
  }
  if (record.version !== undefined && !isWholeNumber(record.version)) {
    throw new Error(`"version" must be a whole number from 1, found ${describe(record.version)}`);
  }
  if (record.streamVersion !== undefined && !isWholeNumber(record.streamVersion)) {
    throw new Error(`"streamVersion" must be a whole number, found ${describe(record.streamVersion)}`);
  }
  const event: Record<string, unknown> = { type: record.type };
  if (record.version !== undefined) event.version = record.version;
  event.data = record.data;
  if (record.metadata !== undefined) event.metadata = record.metadata;
  if (record.headers !== undefined) event.headers = record.headers;
  const read: Omit<RecordedEvent<object>, 'position'> & { position?: SourcePosition } = { streamId, event };
  if (record.streamVersion !== undefined) read.streamVersion = record.streamVersion as number;
  if (position) read.position = position;
  return read;
}

function isWholeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function hint(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  const alike = keys.find((key) => /^stream|aggregate/i.test(key));
  return alike
    ? ` (found "${alike}": map it with toRecord)`
    : ` (found keys: ${keys.slice(0, 6).join(', ') || 'none'})`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value).slice(0, 40) : `${typeof value} ${String(value)}`;
}
