import type { ReceivedMessage } from './broker-message.js';

const SHOWN = 10;

/** Renders what arrived on a destination for a failure message, newest last, seen ones marked. */
export function describeMessages(
  destination: string,
  messages: readonly ReceivedMessage[],
  seen: ReadonlySet<ReceivedMessage>,
): string {
  if (messages.length === 0) return `Nothing arrived on '${destination}'.`;
  const shown = messages.slice(-SHOWN);
  const lines = shown.map((message, index) => {
    const position = messages.length - shown.length + index + 1;
    const where = message.partition === undefined ? '' : ` p${message.partition}@${message.offset}`;
    const key = message.key === undefined ? '' : ` key=${message.key}`;
    const type = message.type === 'unknown' ? '' : ` ${message.type}`;
    const mark = seen.has(message) ? ' (seen)' : '';
    return `  ${position}.${where}${key}${type} ${JSON.stringify(message.data)}${mark}`;
  });
  const more = messages.length > SHOWN ? ` (last ${SHOWN} shown)` : '';
  return `Arrived on '${destination}' (${messages.length})${more}:\n${lines.join('\n')}`;
}
