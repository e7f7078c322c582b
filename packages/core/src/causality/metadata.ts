/** The ids that tie a message to the message that caused it and to the conversation it belongs to. */
export interface CausalMetadata {
  /** The message's own id. */
  id?: string;
  /** Shared by every message of one conversation (a request and everything that follows from it). */
  correlationId?: string;
  /** The id of the message that caused this one. */
  causationId?: string;
}

type Record_ = Record<string, unknown>;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Reads a message's causal metadata from where messages usually carry it: a `metadata` object
 * (`messageId`/`eventId`/`commandId`/`id`, `correlationId`, `causationId`), transport `headers`
 * (`correlation-id`, `causation-id`), or the message itself (`id`, `correlationId`, `causationId`).
 */
export function metadataOf(message: unknown): CausalMetadata {
  if (typeof message !== 'object' || message === null) return {};
  const record = message as Record_;
  const metadata = (
    typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}
  ) as Record_;
  const headers = (
    typeof record.headers === 'object' && record.headers !== null ? record.headers : {}
  ) as Record_;
  const found: CausalMetadata = {};
  const id =
    text(metadata.messageId) ??
    text(metadata.eventId) ??
    text(metadata.commandId) ??
    text(metadata.id) ??
    text(record.id);
  const correlationId =
    text(metadata.correlationId) ?? text(headers['correlation-id']) ?? text(record.correlationId);
  const causationId = text(metadata.causationId) ?? text(headers['causation-id']) ?? text(record.causationId);
  if (id !== undefined) found.id = id;
  if (correlationId !== undefined) found.correlationId = correlationId;
  if (causationId !== undefined) found.causationId = causationId;
  return found;
}

/** The correlation id a message passes on: its own correlation id, or its id when it starts a conversation. */
export function correlationOf(message: unknown): string | undefined {
  const { correlationId, id } = metadataOf(message);
  return correlationId ?? id;
}

/**
 * `output` with its metadata derived from `trigger`: the same correlation id, and the trigger's id as the
 * causation id — for deciders, process managers and handlers. Messages with transport `headers` (and no
 * `metadata`) get `correlation-id` and `causation-id` headers; others a `metadata` object.
 * @example return causedBy(command, { type: 'OrderPlaced', data, metadata: { eventId: newId() } });
 */
export function causedBy<Output extends object>(
  trigger: unknown,
  output: Output,
  extra: { id?: string } = {},
): Output {
  const correlationId = correlationOf(trigger);
  const causationId = metadataOf(trigger).id;
  const record = output as Record_;
  if (record.metadata === undefined && typeof record.headers === 'object' && record.headers !== null) {
    const headers = { ...(record.headers as Record<string, string>) };
    if (correlationId !== undefined) headers['correlation-id'] = correlationId;
    if (causationId !== undefined) headers['causation-id'] = causationId;
    return { ...output, ...(extra.id === undefined ? {} : { id: extra.id }), headers };
  }
  const metadata = { ...((record.metadata as Record_ | undefined) ?? {}) };
  if (extra.id !== undefined) metadata.messageId = extra.id;
  if (correlationId !== undefined) metadata.correlationId = correlationId;
  if (causationId !== undefined) metadata.causationId = causationId;
  return { ...output, metadata };
}
