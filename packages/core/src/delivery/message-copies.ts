import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';

/**
 * The messages as every delivery sees them: a deep copy of the caller's, frozen. A real broker hands each
 * delivery a freshly decoded copy; freezing one copy gives the same isolation without a copy per
 * delivery, and turns a write to a message into a clear error instead of a change the next run would see.
 */
export function frozenCopies<M extends Message>(messages: readonly M[]): readonly M[] {
  return Object.freeze(messages.map(frozenCopy));
}

function frozenCopy<T>(value: T): T {
  let copy: T;
  try {
    copy = structuredClone(value);
  } catch {
    // A message holding functions cannot be copied: it is delivered as it is, and never frozen.
    return value;
  }
  return deepFreeze(copy);
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}

const frozenWrite =
  /read only property|object is not extensible|Cannot delete property|Cannot redefine property/;

/**
 * The usage error for a handler that wrote to its (frozen) message, or undefined when `error` is something
 * else. `message` is the index of the delivered message.
 */
export function mutationOfFrozenMessage(error: unknown, message: number): EventspecUsageError | undefined {
  if (!(error instanceof TypeError) || !frozenWrite.test(error.message)) return undefined;
  return new EventspecUsageError(
    'EVENTSPEC_DELIVERY_MESSAGE_MUTATED',
    `checkDelivery: the handler changed message #${message + 1} (${error.message}). Each delivery gets the ` +
      'message as a broker would decode it, and checkDelivery freezes it so that no delivery or run sees ' +
      "another's change: copy what you need to change, e.g. const data = { ...message.data, amount: 0 }.",
    { cause: error },
  );
}
