import { metadataOf } from '@eventspec/core';

/**
 * The envelope of the orders system's messages: the message's own id, the conversation it belongs to
 * (correlation id) and the message that caused it (causation id). Deciders and the checkout derive it from
 * their trigger with `causedBy`. Optional on the types: events stored before the envelope existed have
 * none, and the system scenario carries the ids in its broker headers instead.
 */
export interface MessageMetadata {
  messageId?: string;
  correlationId?: string;
  causationId?: string;
}

/** A message that may carry its envelope. */
export interface WithMetadata {
  metadata?: MessageMetadata;
}

/**
 * The id of the `n`-th message `trigger` causes: `<trigger's id>/<n>`. Deterministic, so deciding the same
 * command again (a redelivery) makes the same ids — a store can drop the duplicate, and a spec can write
 * them down. None when the trigger has no id.
 */
export function idCausedBy(trigger: unknown, n = 1): { id?: string } {
  const { id } = metadataOf(trigger);
  return id === undefined ? {} : { id: `${id}/${n}` };
}
