import type { Message } from '@eventspec/core';
import type { CompatibilityMode } from './compatibility-mode.js';
import type { ContractId } from './contract-id.js';

/** A JSON Schema (2020-12) document or sub-schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** What an address parameter accepts (an AsyncAPI parameter, or the `schema` of a 2.x one): `enum`, `const`, `pattern`. */
export interface ChannelParameter {
  enum?: readonly unknown[];
  const?: unknown;
  pattern?: string;
  description?: string;
}

/**
 * Where a message travels: a Kafka topic, or an AMQP exchange with a routing key. A topic with `parameters`
 * is an address template: each `{name}` segment stands for any value its parameter accepts.
 */
export type Channel =
  | { kind: 'topic'; topic: string; parameters?: Readonly<Record<string, ChannelParameter>> }
  | { kind: 'exchange'; exchange: string; routingKey?: string };

/** What an application does with a message, from an AsyncAPI document's operations. */
export interface ContractOperation {
  /** `send`: the application produces the message; `receive`: it consumes it. */
  action: 'send' | 'receive';
  /** The application the document describes (its `info.title`). */
  application: string;
  /** The operation's id in the document. */
  operation: string;
}

/**
 * The envelope a message travels in: CloudEvents 1.0 attributes, eventspec's own (message, correlation and
 * causation ids), or none (the data travels bare).
 */
export type EnvelopeKind = 'cloudevents' | 'eventspec' | 'none';

/** A message contract: what a producer promises to send and its consumers rely on. */
export interface Contract extends ContractId {
  /** The `Type@version` id. */
  id: string;
  /** The channel messages of this contract travel on (the first, when it is shared by several). */
  channel?: Channel;
  /** Every channel the message is valid on, when more than one (an AsyncAPI message several channels share). */
  channels?: readonly Channel[];
  /** Which applications send and receive it (AsyncAPI operations). */
  operations?: readonly ContractOperation[];
  /** JSON Schema of the message's `data` (its payload). A contract file names it `"data"` too. */
  data: JsonSchema;
  /** JSON Schema of the message key (Kafka), when the contract constrains it. */
  key?: JsonSchema;
  /** JSON Schema of the headers object, when the contract constrains them. */
  headers?: JsonSchema;
  /** @default 'none' */
  envelope: EnvelopeKind;
  /** How later versions of this type must relate to this one. @default 'BACKWARD' */
  compatibility: CompatibilityMode;
  description?: string;
  /**
   * Events of this type are kept in an event store, so old versions must stay readable: `eventspec contracts
   * check` requires an upcaster for each breaking change. @default false
   */
  stored?: boolean;
  /** Where the contract was read from (a file path, or `asyncapi.yaml#/components/messages/x`). */
  source: string;
}

/**
 * The parts of a message a contract checks: core's `Message` (`{ id, type, key, data, headers }`), of which
 * only `data` is required, with what travels around it. Every core `Message` is a `ContractMessage`.
 */
export interface ContractMessage<Data = unknown>
  extends Pick<Message<Data>, 'data'>,
    Partial<Pick<Message, 'id' | 'type'>> {
  /** The key it was sent with; a Kafka key schema may describe a value that is not a string. */
  key?: unknown;
  headers?: Record<string, unknown>;
  /** Envelope attributes (CloudEvents `id`, `source`, … or eventspec `messageId`, `correlationId`, …). */
  envelope?: Record<string, unknown>;
  /** The topic or exchange it was sent to; checked against the contract's channel when both are known. */
  channel?: string;
  /** The routing key it was sent with (AMQP). */
  routingKey?: string;
}
