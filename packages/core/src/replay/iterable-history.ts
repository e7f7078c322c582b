import { type RecordMapping, recordFromJson } from './record-mapping.js';
import type { History, HistoryItem } from './recorded-event.js';

/** Options of {@link historyFrom}. */
export interface IterableHistoryOptions<Event> extends RecordMapping<Event> {
  /**
   * What the history is called in reports.
   * @default 'history'
   */
  name?: string;
}

/**
 * A history from any iterable of stored records (an event store's reader, a generator, an array) in the
 * `{ streamId, streamVersion?, type, version?, data, metadata? }` shape or mapped with `toRecord`. Pass a
 * function returning a fresh iterable when the history may be read twice (replay reads it again to find where
 * two versions first diverge); a one-shot iterable is read once.
 * @example historyFrom(() => eventStore.readAll(), { name: 'event store', toRecord: fromStoredRow })
 */
export function historyFrom<Event = object>(
  records: Iterable<unknown> | AsyncIterable<unknown> | (() => Iterable<unknown> | AsyncIterable<unknown>),
  options: IterableHistoryOptions<Event> = {},
): History<Event> {
  const name = options.name ?? 'history';
  return {
    name,
    async *read() {
      const iterable = typeof records === 'function' ? records() : records;
      let batch: HistoryItem<Event>[] = [];
      let count = 0;
      for await (const json of iterable as AsyncIterable<unknown>) {
        count++;
        batch.push(recordFromJson(json, { source: name, at: `record ${count}` }, options));
        if (batch.length === 1024) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}
