import type { Message } from '@eventspec/core';
import type { JsMsg } from '@nats-io/jetstream';
import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';
import {
  decodeData,
  encodeData,
  type OutgoingMessage,
  type ReceivedMessage,
} from '../messages/broker-message.js';

const ID = 'eventspec-id';
const TYPE = 'eventspec-type';
const KEY = 'eventspec-key';

/** A message as JetStream publishes it: data → payload, id / type / key (when set) and headers → NATS headers. */
export function toNatsPublish(message: OutgoingMessage): { payload: Uint8Array; headers: MsgHdrs } {
  const headers = natsHeaders();
  for (const [name, value] of Object.entries(message.headers ?? {})) headers.set(name, value);
  if (message.id !== undefined) headers.set(ID, message.id);
  if (message.type !== undefined) headers.set(TYPE, message.type);
  if (message.key !== undefined) headers.set(KEY, message.key);
  return { payload: encodeData(message.data), headers };
}

/** A JetStream message as a test sees it (`destination`: its subject without the namespace prefix). */
export function toReceivedMessage(msg: JsMsg, destination: string): ReceivedMessage {
  const all: Record<string, string> = {};
  for (const name of msg.headers?.keys() ?? []) all[name] = msg.headers!.get(name);
  const { [ID]: id, [TYPE]: type, [KEY]: key, ...headers } = all;
  return {
    destination,
    id: id ?? `${msg.info.stream}/${msg.seq}`,
    type: type ?? 'unknown',
    key,
    data: decodeData(msg.data),
    headers,
    redelivered: msg.redelivered,
  };
}

/** The core `Message` a JetStream message carries (no key header: key `''`, as Kafka's keyless records). */
export function fromNatsMsg(msg: JsMsg, destination: string): Message {
  const { key, headers, id, type, data } = toReceivedMessage(msg, destination);
  return { id, type, key: key ?? '', data, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}
