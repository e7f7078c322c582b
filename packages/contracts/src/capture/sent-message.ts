import type { Message } from '@eventspec/core';
import type { Contract, ContractMessage } from '../model/contract.js';
import { refuseBody } from '../model/message-shape.js';

/** A message a producer published, with where it went. */
export interface SentMessage {
  /** The topic (`log` brokers) or exchange (`queue` brokers) it was published to. */
  destination: string;
  model: 'log' | 'queue';
  message: Message;
}

/**
 * The parts of a published message a contract checks: `data` as sent, `key` the key (and the routing
 * key on queue brokers), headers as sent; the envelope is read from the message id and its headers
 * (`correlation-id`, `causation-id`; CloudEvents `ce_*` / `ce-*` headers in binary mode).
 */
export function toContractMessage(sent: SentMessage, contract: Contract): ContractMessage {
  const { message, destination, model } = sent;
  refuseBody(`the message published to ${destination}`, message);
  const out: ContractMessage = { data: message.data, key: message.key, channel: destination };
  if (message.headers !== undefined) out.headers = message.headers;
  if (model === 'queue') out.routingKey = message.key;
  const headers = message.headers ?? {};
  if (contract.envelope === 'eventspec') {
    const envelope: Record<string, unknown> = { messageId: message.id };
    if (headers['correlation-id'] !== undefined) envelope.correlationId = headers['correlation-id'];
    if (headers['causation-id'] !== undefined) envelope.causationId = headers['causation-id'];
    out.envelope = envelope;
  } else if (contract.envelope === 'cloudevents') {
    const envelope: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      const match = /^ce[_-](.+)$/i.exec(name);
      if (match) envelope[match[1]!.toLowerCase()] = value;
    }
    out.envelope = envelope;
  }
  return out;
}
