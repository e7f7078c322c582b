import type { Message } from '@eventspec/core';
import type { KafkaMessage } from 'kafkajs';
import {
  decodeData,
  encodeData,
  headersToStrings,
  type OutgoingMessage,
  type ReceivedMessage,
} from '../messages/broker-message.js';

const ID = 'eventspec-id';
const TYPE = 'eventspec-type';

/** A message as a Kafka record: key → key, data → JSON value, id and type (when set) → headers. */
export function toKafkaRecord(message: OutgoingMessage): {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
} {
  return {
    key: message.key ?? null,
    value: encodeData(message.data),
    headers: {
      ...message.headers,
      ...(message.id === undefined ? {} : { [ID]: message.id }),
      ...(message.type === undefined ? {} : { [TYPE]: message.type }),
    },
  };
}

/** The core `Message` a Kafka record carries (records from other producers get id `topic/partition/offset`). */
export function fromKafkaRecord(record: KafkaMessage, where: { topic: string; partition: number }): Message {
  const { key, headers, ...message } = toReceivedMessage(record, { ...where, destination: where.topic });
  return {
    id: message.id,
    type: message.type,
    key: key ?? '',
    data: message.data,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

/** A Kafka record as a test sees it: the same fields as {@link fromKafkaRecord}, plus partition and offset. */
export function toReceivedMessage(
  record: KafkaMessage,
  where: { topic: string; partition: number; destination: string },
): ReceivedMessage {
  const { [ID]: id, [TYPE]: type, ...headers } = headersToStrings(record.headers as Record<string, unknown>);
  return {
    destination: where.destination,
    id: id ?? `${where.topic}/${where.partition}/${record.offset}`,
    type: type ?? 'unknown',
    key: record.key?.toString('utf8'),
    data: decodeData(record.value),
    headers,
    partition: where.partition,
    offset: record.offset,
  };
}
