import { basename } from 'node:path';
import { readLineBatches } from './_internals/read-lines.js';
import { type RecordMapping, recordFromJson } from './record-mapping.js';
import type { History, HistoryItem } from './recorded-event.js';

/** Options of {@link jsonLinesHistory}. */
export interface JsonLinesHistoryOptions<Event> extends RecordMapping<Event> {
  /**
   * Turns ISO-8601 date-time strings (`2024-05-01T10:00:00.000Z`) back into `Date`s while parsing, for code
   * that reads dates from events written as JSON.
   * @default false
   */
  reviveDates?: boolean;
}

/**
 * A history stored as JSON Lines — one event a line, `{ "streamId", "streamVersion", "type", "version",
 * "data", "metadata" }` by default (map other shapes with `toRecord`) — plain or gzip-compressed. The file is
 * streamed; blank lines are passed over; a line that is not JSON or lacks a field is a bad record at its line.
 * @example
 * const report = await replayHistory(jsonLinesHistory('recorded/orders.jsonl.gz', { reviveDates: true }), {
 *   upcasters: orderUpcasters,
 *   decider: order,
 * });
 */
export function jsonLinesHistory<Event = object>(
  path: string,
  options: JsonLinesHistoryOptions<Event> = {},
): History<Event> {
  const source = basename(path);
  const reviver = options.reviveDates ? reviveIsoDate : undefined;
  return {
    name: source,
    async *read() {
      for await (const { lines, firstNumber } of readLineBatches(path)) {
        const batch: HistoryItem<Event>[] = [];
        for (let index = 0; index < lines.length; index++) {
          const line = lines[index]!;
          if (line.trim() === '') continue;
          const position = { source, at: `line ${firstNumber + index}` };
          let json: unknown;
          try {
            json = JSON.parse(line, reviver);
          } catch (error) {
            const reason = (error as Error).message;
            batch.push({ bad: true, position, problem: `not JSON (${reason}): ${excerpt(line)}` });
            continue;
          }
          batch.push(recordFromJson(json, position, options));
        }
        yield batch;
      }
    },
  };
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function reviveIsoDate(_key: string, value: unknown): unknown {
  return typeof value === 'string' && isoDateTime.test(value) ? new Date(value) : value;
}

function excerpt(line: string): string {
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
