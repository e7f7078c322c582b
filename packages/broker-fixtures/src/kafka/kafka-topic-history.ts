import { randomUUID } from 'node:crypto';
import type { History, HistoryItem, RecordMapping } from '@eventspec/core/replay';
import { recordFromJson } from '@eventspec/core/replay';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** Options of {@link kafkaTopicHistory}. */
export interface KafkaTopicHistoryOptions<Event> extends RecordMapping<Event> {
  /** A kafkajs client (e.g. from `createKafkaClient`, or the test broker's `kafka`). */
  kafka: Kafka;
  topic: string;
  /**
   * How long to wait for records that the end-offset snapshot promised before giving up.
   * @default 30000
   */
  timeoutMs?: number;
}

/**
 * A history read from a Kafka topic from the beginning to the end offsets it had when reading started
 * (records published afterwards are not part of it). Each record's value is a stored event as JSON; a value
 * without `streamId` takes the record key as its stream. Order is kept within each partition (so within each
 * stream when the key is the stream id); partitions interleave. Nothing is committed: no offsets are left behind.
 * @example replayHistory(kafkaTopicHistory({ kafka, topic: 'orders.events' }), { upcasters, decider: order })
 */
export function kafkaTopicHistory<Event = object>(options: KafkaTopicHistoryOptions<Event>): History<Event> {
  const name = `topic ${options.topic}`;
  return {
    name,
    async *read() {
      const admin = options.kafka.admin();
      await admin.connect();
      let ends: Map<number, bigint>;
      try {
        const offsets = await admin.fetchTopicOffsets(options.topic);
        ends = new Map(
          offsets
            .filter(({ high, low }) => BigInt(high) > BigInt(low))
            .map(({ partition, high }) => [partition, BigInt(high)]),
        );
      } finally {
        await admin.disconnect();
      }
      if (ends.size === 0) return;
      yield* readUntil(options, name, ends);
    },
  };
}

async function* readUntil<Event>(
  options: KafkaTopicHistoryOptions<Event>,
  name: string,
  ends: Map<number, bigint>,
): AsyncGenerator<HistoryItem<Event>[]> {
  const consumer = options.kafka.consumer({ groupId: `eventspec-replay-${randomUUID()}` });
  const batches: HistoryItem<Event>[][] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  try {
    consumer.on(consumer.events.CRASH, (event) => {
      failure = event.payload.error;
      notify();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        const items = batch.messages
          .filter((message) => BigInt(message.offset) < end)
          .map((message) => itemOf(message, batch.partition, name, options));
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= end) ends.delete(batch.partition);
        if (items.length > 0) batches.push(items);
        notify();
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (batches.length > 0 || ends.size > 0) {
      const batch = batches.shift();
      if (batch) {
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (Date.now() > deadline) {
        throw new Error(
          `partitions ${[...ends.keys()].join(', ')} of ${options.topic} did not deliver up to their end offsets within ${options.timeoutMs ?? 30_000} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 250);
      });
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

function itemOf<Event>(
  message: KafkaMessage,
  partition: number,
  name: string,
  options: RecordMapping<Event>,
): HistoryItem<Event> {
  const position = { source: name, at: `partition ${partition} offset ${message.offset}` };
  const text = message.value?.toString('utf8') ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      bad: true,
      position,
      problem: `the value is not JSON (${(error as Error).message}): ${text.slice(0, 80)}`,
    };
  }
  const key = message.key?.toString('utf8');
  const keyed =
    key && typeof json === 'object' && json !== null && !('streamId' in json)
      ? { streamId: key, ...json }
      : json;
  return recordFromJson(keyed, position, options);
}
