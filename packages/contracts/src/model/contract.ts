import type { CompatibilityMode } from './compatibility-mode.js';
import type { ContractId } from './contract-id.js';

/** A JSON Schema (2020-12) document or sub-schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Where a message travels: a Kafka topic, or an AMQP exchange with a routing key. */
export type Channel =
  | { kind: 'topic'; topic: string }
  | { kind: 'exchange'; exchange: string; routingKey?: string };

/**
 * The envelope a message travels in: CloudEvents 1.0 attributes, eventspec's own (message, correlation and
 * causation ids), or none (the body travels bare).
 */
export type EnvelopeKind = 'cloudevents' | 'eventspec' | 'none';

/** A message contract: what a producer promises to send and its consumers rely on. */
export interface Contract extends ContractId {
  /** The `Type@version` id. */
  id: string;
  channel?: Channel;
  /** JSON Schema of the message body. */
  body: JsonSchema;
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

/** The parts of a message a contract checks. Only `body` is required. */
export interface ContractMessage {
  body: unknown;
  key?: unknown;
  headers?: Record<string, unknown>;
  /** Envelope attributes (CloudEvents `id`, `source`, … or eventspec `messageId`, `correlationId`, …). */
  envelope?: Record<string, unknown>;
  /** The topic or exchange it was sent to; checked against the contract's channel when both are known. */
  channel?: string;
  /** The routing key it was sent with (AMQP). */
  routingKey?: string;
}
