import type { EnvelopeKind, JsonSchema } from '../model/contract.js';

/** CloudEvents 1.0 context attributes (JSON format). */
const cloudEvents: JsonSchema = {
  type: 'object',
  required: ['specversion', 'id', 'source', 'type'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', format: 'uri-reference', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    subject: { type: 'string', minLength: 1 },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { type: 'string' },
    dataschema: { type: 'string', format: 'uri' },
  },
  propertyNames: { pattern: '^[a-z0-9]{1,20}$' },
};

/** eventspec's own envelope: a message id, and the correlation and causation ids that trace a flow. */
const eventspec: JsonSchema = {
  type: 'object',
  required: ['messageId'],
  properties: {
    messageId: { type: 'string', minLength: 1 },
    correlationId: { type: 'string', minLength: 1 },
    causationId: { type: 'string', minLength: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
  },
};

/** The JSON Schema of an envelope kind, or `undefined` for bare messages. */
export function envelopeSchema(kind: EnvelopeKind): JsonSchema | undefined {
  if (kind === 'cloudevents') return cloudEvents;
  if (kind === 'eventspec') return eventspec;
  return undefined;
}
