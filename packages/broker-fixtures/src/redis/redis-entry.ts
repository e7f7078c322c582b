import type { Message } from '@eventspec/core';
import { decodeData, type OutgoingMessage, type ReceivedMessage } from '../messages/broker-message.js';

/** A stream entry as ioredis returns it: id and a flat list of field, value, field, value, … */
export type RedisEntry = [id: string, fields: string[]];

/** A message as the fields of a stream entry: `data` as JSON (or text), id / type / key / headers when set. */
export function toRedisFields(message: OutgoingMessage): string[] {
  const fields: string[] = [];
  if (message.id !== undefined) fields.push('id', message.id);
  if (message.type !== undefined) fields.push('type', message.type);
  if (message.key !== undefined) fields.push('key', message.key);
  if (message.headers && Object.keys(message.headers).length > 0)
    fields.push('headers', JSON.stringify(message.headers));
  const data = message.data;
  fields.push(
    'data',
    Buffer.isBuffer(data) ? data.toString('utf8') : typeof data === 'string' ? data : JSON.stringify(data),
  );
  return fields;
}

/** A stream entry as a test sees it (entries without an id field get `<stream>/<entry id>`). */
export function toReceivedMessage(entry: RedisEntry, destination: string, deliveries = 1): ReceivedMessage {
  const [entryId, list] = entry;
  const fields = new Map<string, string>();
  for (let index = 0; index + 1 < list.length; index += 2) fields.set(list[index]!, list[index + 1]!);
  const headers = fields.get('headers');
  return {
    destination,
    id: fields.get('id') ?? `${destination}/${entryId}`,
    type: fields.get('type') ?? 'unknown',
    key: fields.get('key'),
    data: decodeData(Buffer.from(fields.get('data') ?? 'null')),
    headers: headers ? (JSON.parse(headers) as Record<string, string>) : {},
    redelivered: deliveries > 1,
  };
}

/** The core `Message` a stream entry carries (no key field: key `''`, as Kafka's keyless records). */
export function fromRedisEntry(entry: RedisEntry, destination: string): Message {
  const { key, headers, id, type, data } = toReceivedMessage(entry, destination);
  return { id, type, key: key ?? '', data, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}
