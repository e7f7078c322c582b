import type { Message } from '@eventspec/core';
import type { KafkaMessage } from 'kafkajs';
import { decodeBody, encodeBody, headersToStrings } from '../messages/broker-message.js';

const ID = 'eventspec-id';
const TYPE = 'eventspec-type';

/** A core `Message` as a Kafka record: key → key, data → JSON value, id and type → headers. */
export function toKafkaRecord(message: Message): {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
} {
  return {
    key: message.key,
    value: encodeBody(message.data),
    headers: { ...message.headers, [ID]: message.id, [TYPE]: message.type },
  };
}

/** The core `Message` a Kafka record carries (records from other producers get id `topic/partition/offset`). */
export function fromKafkaRecord(record: KafkaMessage, where: { topic: string; partition: number }): Message {
  const { [ID]: id, [TYPE]: type, ...headers } = headersToStrings(record.headers as Record<string, unknown>);
  return {
    id: id ?? `${where.topic}/${where.partition}/${record.offset}`,
    type: type ?? 'unknown',
    key: record.key?.toString('utf8') ?? '',
    data: decodeBody(record.value),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}
