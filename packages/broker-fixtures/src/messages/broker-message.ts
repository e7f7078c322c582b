/** A message as a test sees it, from Kafka or RabbitMQ. */
export interface ReceivedMessage<Body = unknown> {
  /** Topic or queue, as the test named it (without the namespace prefix). */
  destination: string;
  key: string | undefined;
  /** The payload parsed as JSON when it is JSON, else the UTF-8 text. */
  body: Body;
  headers: Record<string, string>;
  /** Kafka partition. */
  partition?: number;
  /** Kafka offset. */
  offset?: string;
  /** RabbitMQ: delivered before and not acknowledged. */
  redelivered?: boolean;
}

/** A message to publish: a body (objects are sent as JSON), optionally a key and headers. */
export interface OutgoingMessage {
  body: unknown;
  /** Kafka key (partitioning); RabbitMQ: sent as the `message-key` header and `messageId`. */
  key?: string;
  headers?: Record<string, string>;
}

/** Serialises a body: Buffers and strings as they are, everything else as JSON. */
export function encodeBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Parses a payload: JSON when it is JSON, else the UTF-8 text. */
export function decodeBody(payload: Buffer | null | undefined): unknown {
  if (!payload) return null;
  const text = payload.toString('utf8');
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
