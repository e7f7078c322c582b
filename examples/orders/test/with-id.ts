import type { MessageMetadata } from '../src/index.js';

/**
 * `message` as a client sends it: with its own id, which starts a conversation (the messages it causes
 * carry it as their correlation id), or continues `correlationId`'s.
 */
export function withId<Message extends object>(
  messageId: string,
  message: Message,
  correlationId?: string,
): Message & { metadata: MessageMetadata } {
  return { ...message, metadata: correlationId ? { messageId, correlationId } : { messageId } };
}
