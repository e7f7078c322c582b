import type { ConsumeMessage } from 'amqplib';
import {
  decodeBody,
  headersToStrings,
  type OutgoingMessage,
  type ReceivedMessage,
} from '../messages/broker-message.js';

/** amqplib publish options for a test message: persistent, JSON or text, key as header and messageId. */
export function publishOptions(message: OutgoingMessage) {
  const headers = {
    ...message.headers,
    ...(message.key === undefined ? {} : { 'message-key': message.key }),
  };
  return {
    persistent: true,
    headers,
    contentType:
      typeof message.body === 'string' || Buffer.isBuffer(message.body) ? 'text/plain' : 'application/json',
    ...(message.key === undefined ? {} : { messageId: message.key }),
  };
}

/** A delivery as the helpers hand it to tests. */
export function toReceived(queue: string, raw: ConsumeMessage): ReceivedMessage {
  const headers = headersToStrings(raw.properties.headers as Record<string, unknown>);
  return {
    destination: queue,
    key: headers['message-key'] ?? raw.properties.messageId,
    body: decodeBody(raw.content),
    headers,
    redelivered: raw.fields.redelivered,
  };
}
