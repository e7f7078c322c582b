import { EventspecError } from '../errors/eventspec-error.js';
import { defaultRecord, type RecordMapping, recordFromJson } from './record-mapping.js';
import type { History, HistoryItem } from './recorded-event.js';

/** What {@link sqlHistory} needs of a database client: node-postgres' `Client` (not a `Pool`) has it. */
export interface SqlClient {
  query(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; fields?: ReadonlyArray<{ name: string }> }>;
}

/** Which column holds each field of a stored event; the defaults are the field names. */
export interface HistoryColumns {
  /** @default 'stream_id' */
  streamId?: string;
  /** The event's version within its stream; `null` for a table without one. @default 'stream_version' */
  streamVersion?: string | null;
  /** @default 'type' */
  type?: string;
  /** The schema version of the event; `null` for a table without one. @default 'version' */
  version?: string | null;
  /** @default 'data' */
  data?: string;
  /** `null` for a table without one. @default 'metadata' */
  metadata?: string | null;
}

/** Options of {@link sqlHistory}. */
export interface SqlHistoryOptions<Event> extends RecordMapping<Event> {
  /** A connected client; the history opens a transaction and a cursor on it and closes both. */
  client: SqlClient;
  /** The query, ordered as the history is (e.g. `ORDER BY global_position`). */
  query: string;
  values?: readonly unknown[];
  /** Column names, when `toRecord` is not given. */
  columns?: HistoryColumns;
  /**
   * Rows fetched per round trip.
   * @default 2000
   */
  batchSize?: number;
  /** @default 'query' */
  name?: string;
}

/**
 * A history read from PostgreSQL through a server-side cursor (rows are fetched a batch at a time, never
 * all at once), with a column mapping or a `toRecord` of its own. A column the mapping names that the query
 * does not return is an error naming the columns it does return.
 * @example sqlHistory({ client, query: 'SELECT * FROM events ORDER BY position', columns: { streamId: 'order_id' } })
 */
export function sqlHistory<Event = object>(options: SqlHistoryOptions<Event>): History<Event> {
  const name = options.name ?? 'query';
  const batchSize = options.batchSize ?? 2000;
  const columns = resolvedColumns(options.columns);
  const mapping: RecordMapping<Event> = {
    toRecord: options.toRecord ?? ((row) => defaultRecord(rowRecord(row, columns)) as never),
  };
  return {
    name,
    async *read() {
      const { client } = options;
      const cursor = `eventspec_replay_${process.pid}_${Date.now().toString(36)}`;
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${options.query}`, options.values);
        let row = 0;
        for (;;) {
          const page = await client.query(`FETCH FORWARD ${batchSize} FROM ${cursor}`);
          if (row === 0 && !options.toRecord) assertColumns(page, columns, name);
          if (page.rows.length === 0) break;
          const batch: HistoryItem<Event>[] = page.rows.map((json) =>
            recordFromJson(json, { source: name, at: `row ${++row}` }, mapping),
          );
          yield batch;
        }
        await client.query(`CLOSE ${cursor}`);
      } finally {
        await client.query('COMMIT').catch(() => undefined);
      }
    },
  };
}

type Resolved = { [K in keyof HistoryColumns]-?: string | null };

function resolvedColumns(columns: HistoryColumns = {}): Resolved {
  return {
    streamId: columns.streamId ?? 'stream_id',
    streamVersion: columns.streamVersion === undefined ? 'stream_version' : columns.streamVersion,
    type: columns.type ?? 'type',
    version: columns.version === undefined ? 'version' : columns.version,
    data: columns.data ?? 'data',
    metadata: columns.metadata === undefined ? 'metadata' : columns.metadata,
  };
}

function assertColumns(page: Awaited<ReturnType<SqlClient['query']>>, columns: Resolved, name: string): void {
  const returned = page.fields?.map((field) => field.name) ?? Object.keys(page.rows[0] ?? {});
  if (returned.length === 0) return;
  const missing = Object.entries(columns).filter(
    ([, column]) => column !== null && !returned.includes(column),
  );
  if (missing.length === 0) return;
  throw new EventspecError(
    'EVENTSPEC_REPLAY_MISSING_COLUMN',
    `The ${name} returns no column ${missing.map(([field, column]) => `"${column}" (for ${field})`).join(', ')}; ` +
      `it returns ${returned.map((column) => `"${column}"`).join(', ')}. Name the right columns in ` +
      'sqlHistory({ columns: { … } }) (null for one the table does not have), or select them with AS.',
  );
}

function rowRecord(row: unknown, columns: Resolved): unknown {
  const value = (column: string | null) =>
    column === null ? undefined : (row as Record<string, unknown>)[column];
  const streamVersion = value(columns.streamVersion);
  const version = value(columns.version);
  return {
    streamId: value(columns.streamId) === undefined ? undefined : String(value(columns.streamId)),
    ...(streamVersion === undefined || streamVersion === null
      ? {}
      : { streamVersion: Number(streamVersion) }),
    type: value(columns.type),
    ...(version === undefined || version === null ? {} : { version: Number(version) }),
    data: value(columns.data),
    ...(value(columns.metadata) == null ? {} : { metadata: value(columns.metadata) }),
  };
}
