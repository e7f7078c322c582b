import type { Message } from '@eventspec/core';
import type { ConsumeMessage, Options } from 'amqplib';
import {
  decodeData,
  encodeData,
  headersToStrings,
  type OutgoingMessage,
  type ReceivedMessage,
} from '../messages/broker-message.js';

const KEY = 'eventspec-key';

/** A message as amqplib publishes it: persistent, JSON or text; id → messageId, type → type, key → header. */
export function toAmqpPublish(message: OutgoingMessage): { content: Buffer; options: Options.Publish } {
  const text = typeof message.data === 'string' || Buffer.isBuffer(message.data);
  return {
    content: encodeData(message.data),
    options: {
      persistent: true,
      contentType: text ? 'text/plain' : 'application/json',
      headers: { ...message.headers, ...(message.key === undefined ? {} : { [KEY]: message.key }) },
      ...(message.id === undefined ? {} : { messageId: message.id }),
      ...(message.type === undefined ? {} : { type: message.type }),
    },
  };
}

/** A delivery as a test sees it (`destination`: the queue or exchange the test named). */
export function toReceivedMessage(destination: string, raw: ConsumeMessage): ReceivedMessage {
  const { [KEY]: key, ...headers } = headersToStrings(raw.properties.headers as Record<string, unknown>);
  return {
    destination,
    id: String(raw.properties.messageId ?? `${raw.fields.exchange || destination}/${raw.fields.deliveryTag}`),
    type: String(raw.properties.type ?? 'unknown'),
    key,
    data: decodeData(raw.content),
    headers,
    redelivered: raw.fields.redelivered,
  };
}

/** The core `Message` a delivery carries; a message without the key header keeps its routing key as key. */
export function fromAmqpDelivery(raw: ConsumeMessage): Message {
  const { key, headers, id, type, data } = toReceivedMessage(raw.fields.exchange, raw);
  return {
    id,
    type,
    key: key ?? raw.fields.routingKey,
    data,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}
