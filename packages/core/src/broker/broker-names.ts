import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import type { ExchangeType } from './broker.js';

const exchangeTypes: readonly string[] = ['direct', 'topic', 'fanout'] satisfies ExchangeType[];

/**
 * Refuses a queue, exchange, topic or group name that is not a non-empty string: a number or an object
 * would become a second, unreachable entry (or a raw TypeError when it cannot be turned into text).
 */
export function checkedName(call: string, what: string, name: unknown): string {
  if (typeof name === 'string' && name !== '') return name;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `${call}: the ${what} is ${formatInline(name, 60)}, not a name; pass a non-empty string.`,
  );
}

/** Refuses a binding pattern that is not a string ('' binds the empty routing key). */
export function checkedPattern(call: string, pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `${call}: the binding pattern is ${formatInline(pattern, 60)}; pass a string such as "order.*.placed", "order.#" or "" (direct exchanges compare it with the key).`,
  );
}

/** Refuses an exchange type other than direct, topic and fanout. */
export function checkedExchangeType(call: string, type: unknown): ExchangeType {
  if (typeof type === 'string' && exchangeTypes.includes(type)) return type as ExchangeType;
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_OPTION',
    `${call}: the exchange type is ${formatInline(type, 60)}; the in-memory broker knows "direct", "topic" and "fanout".`,
  );
}
