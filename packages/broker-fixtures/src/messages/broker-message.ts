import type { Message } from '@eventspec/core';

/**
 * A message as a test sees it, from any broker: core's `Message` (`id`, `type`, `key`, `data`, `headers`)
 * plus where it was read. Messages from producers that set no id or type get the broker's position as
 * id and `'unknown'` as type, as the core `Broker` implementations do.
 */
export interface ReceivedMessage<Data = unknown> extends Omit<Message<Data>, 'key' | 'headers'> {
  /** Topic, queue, subject or stream, as the test named it (without the namespace prefix). */
  destination: string;
  /** The ordering key, when the producer set one. */
  key: string | undefined;
  /** The payload parsed as JSON when it is JSON, else the UTF-8 text. */
  data: Data;
  /** Transport headers, without the ones eventspec uses for `id`, `type` and `key`. */
  headers: Record<string, string>;
  /** Kafka partition. */
  partition?: number;
  /** Kafka offset. */
  offset?: string;
  /** Delivered before and not acknowledged (RabbitMQ's flag, NATS and Redis delivery counts). */
  redelivered?: boolean;
}

/**
 * A message to publish: core's `Message` with only `data` required (objects are sent as JSON). Every core
 * `Message` is one, so a test broker's `publish` and the core `Broker`'s take the same messages.
 */
export interface OutgoingMessage<Data = unknown>
  extends Partial<Pick<Message<Data>, 'id' | 'type' | 'key' | 'headers'>> {
  data: Data;
}

/** Serialises data: Buffers and strings as they are, everything else as JSON. */
export function encodeData(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
}

/** Parses a payload: JSON when it is JSON, else the UTF-8 text. */
export function decodeData(payload: Buffer | Uint8Array | null | undefined): unknown {
  if (!payload) return null;
  const text = Buffer.from(payload).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Header values as strings (Kafka gives Buffers, AMQP any scalar). */
export function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    result[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return result;
}
