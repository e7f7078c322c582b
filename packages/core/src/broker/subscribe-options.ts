import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { unknownOptionKeys } from '../options/option-keys.js';
import type { SubscribeOptions } from './broker.js';
import type { Message } from './message.js';

const subscribeKeys = ['source', 'group', 'handler', 'maxAttempts', 'concurrency', 'fromBeginning'];

/**
 * Refuses subscribe options an in-memory broker could not honour — a missing handler (every delivery would
 * fail with a TypeError and be dead-lettered silently), a concurrency below 1 (nothing is ever delivered),
 * an unbounded `maxAttempts`, a misspelled key — all reported at once.
 */
export function checkedSubscribeOptions<Options extends { source: string } = SubscribeOptions<Message>>(
  broker: string,
  options: Options,
  extraKeys: readonly string[] = [],
): Options {
  const given = (options ?? {}) as Partial<SubscribeOptions> & { autoCommit?: unknown };
  const problems = unknownOptionKeys(given, [...subscribeKeys, ...extraKeys], `${broker}.subscribe()`);
  if (typeof given.source !== 'string' || given.source === '')
    problems.push('`source` must name the topic or queue to consume');
  if (given.group !== undefined && (typeof given.group !== 'string' || given.group === ''))
    problems.push(`\`group\` must name the consumer group, got ${formatInline(given.group, 60)}`);
  if (given.fromBeginning !== undefined && typeof given.fromBeginning !== 'boolean')
    problems.push(`\`fromBeginning\` must be true or false, got ${formatInline(given.fromBeginning, 60)}`);
  if (typeof given.handler !== 'function')
    problems.push('`handler` must be a function (message, delivery) => void | Promise<void>');
  if (given.concurrency !== undefined && !wholeAtLeastOne(given.concurrency))
    problems.push(`\`concurrency\` must be a whole number ≥ 1, got ${shown(given.concurrency)}`);
  if (given.maxAttempts !== undefined && !wholeAtLeastOne(given.maxAttempts))
    problems.push(
      `\`maxAttempts\` must be a whole number ≥ 1, got ${shown(given.maxAttempts)} (a failing message is retried that many times, then dead-lettered)`,
    );
  if (given.autoCommit !== undefined && typeof given.autoCommit !== 'boolean')
    problems.push(`\`autoCommit\` must be true or false, got ${shown(given.autoCommit)}`);
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_BROKER_BAD_OPTION',
      `${broker}.subscribe() cannot start a consumer:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return given as unknown as Options;
}

/** Refuses a `publish` whose messages are not an array of messages with string ids and keys. */
export function checkedMessages(broker: string, destination: unknown, messages: unknown): readonly Message[] {
  if (typeof destination !== 'string' || destination === '')
    throw new EventspecUsageError(
      'EVENTSPEC_BROKER_BAD_MESSAGES',
      `${broker}.publish(destination, messages): the destination is ${formatInline(destination, 60)}, not a topic, exchange or queue name; pass its name as a non-empty string, e.g. publish("orders", [message]).`,
    );
  let problem: string | undefined;
  if (!Array.isArray(messages))
    problem = `got ${messages === null ? 'null' : typeof messages} instead of an array`;
  else {
    const bad = messages.findIndex(
      (m: Partial<Message> | null) => typeof m?.id !== 'string' || typeof m.key !== 'string',
    );
    if (bad >= 0) problem = `message #${bad + 1} is not a message with a string \`id\` and \`key\``;
  }
  if (problem === undefined) return messages as readonly Message[];
  throw new EventspecUsageError(
    'EVENTSPEC_BROKER_BAD_MESSAGES',
    `${broker}.publish("${destination}", messages): ${problem}; pass an array of messages { id, type, key, data }, e.g. publish("${destination}", [message]).`,
  );
}

function wholeAtLeastOne(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** A value as an option message shows it: `String(value)`, or a rendering when it cannot be converted. */
export function shown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return formatInline(value, 60);
  }
}
