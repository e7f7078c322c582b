import { EventspecUsageError } from '@eventspec/core/internal';
import type { ContractMessage } from './contract.js';

/** The fields a contract message had when its payload was still named `body`. */
const bodyMessageFields = new Set(['body', 'key', 'headers', 'envelope', 'channel', 'routingKey']);

/**
 * Refuses what cannot be checked as a message: anything but an object, and a message that still names its
 * payload `body` (it is `data`, as in core's `Message`); a message checked without its `data` would only
 * report "data: required" and hide the rename.
 */
export function assertContractMessage(api: string, message: unknown): asserts message is ContractMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_MESSAGE_INVALID',
      `${api}: expected a message { data, key?, headers?, envelope?, channel? }, got ${describe(message)}. Wrap a bare payload: { data: payload }.`,
      { actual: message, expected: '{ data, key?, headers?, envelope?, channel? }' },
    );
  refuseBody(api, message);
}

/** Refuses an object (a message, an expected pact message) that names its payload `body` and has no `data`. */
export function refuseBody(api: string, value: object): void {
  if (!('data' in value) && 'body' in value) throw bodyRenamed(api, value);
}

/**
 * A message (`{ data, … }`, core's `Message` included), or a bare payload wrapped as `{ data }`: what a
 * matcher or a producer hands over. An object shaped like a message of the old vocabulary
 * (`{ body, key?, headers?, … }` and nothing else) is refused with the rename rather than checked as a payload.
 */
export function messageOrData(api: string, received: unknown): ContractMessage {
  if (typeof received !== 'object' || received === null || Array.isArray(received)) return { data: received };
  if ('data' in received) return received as ContractMessage;
  if ('body' in received && Object.keys(received).every((field) => bodyMessageFields.has(field)))
    throw bodyRenamed(api, received, true);
  return { data: received };
}

function bodyRenamed(api: string, message: object, bare = false): EventspecUsageError {
  const fields = Object.keys(message);
  return new EventspecUsageError(
    'EVENTSPEC_CONTRACT_BODY_RENAMED',
    `${api}: the message has "body" and no "data" (fields: ${fields.join(', ')}). A message's payload is named "data" now, as in core's Message { id, type, key, data }: rename "body" to "data".` +
      (bare ? ' If "body" is a field of the payload itself, pass the message as { data: payload }.' : ''),
    {
      actual: fields,
      expected: fields.map((field) => (field === 'body' ? 'data' : field)),
    },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}
