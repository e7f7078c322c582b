import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { SubscribeOptions } from './broker.js';
import type { Message } from './message.js';
import { unknownOptionKeys } from './option-keys.js';

const subscribeKeys = ['source', 'group', 'handler', 'maxAttempts', 'concurrency', 'fromBeginning'];

/**
 * Refuses subscribe options an in-memory broker could not honour — a missing handler (every delivery would
 * fail with a TypeError and be dead-lettered silently), a concurrency below 1 (nothing is ever delivered),
 * an unbounded `maxAttempts`, a misspelled key — all reported at once.
 */
export function checkedSubscribeOptions(
  broker: string,
  options: SubscribeOptions,
): SubscribeOptions<Message> {
  const given = (options ?? {}) as Partial<SubscribeOptions>;
  const problems = unknownOptionKeys(given, subscribeKeys, `${broker}.subscribe()`);
  if (typeof given.source !== 'string' || given.source === '')
    problems.push('`source` must name the topic or queue to consume');
  if (typeof given.handler !== 'function')
    problems.push('`handler` must be a function (message, delivery) => void | Promise<void>');
  if (given.concurrency !== undefined && !wholeAtLeastOne(given.concurrency))
    problems.push(`\`concurrency\` must be a whole number ≥ 1, got ${String(given.concurrency)}`);
  if (given.maxAttempts !== undefined && !wholeAtLeastOne(given.maxAttempts))
    problems.push(
      `\`maxAttempts\` must be a whole number ≥ 1, got ${String(given.maxAttempts)} (a failing message is retried that many times, then dead-lettered)`,
    );
  if (problems.length > 0) {
    throw new EventspecUsageError(
      'EVENTSPEC_BROKER_BAD_OPTION',
      `${broker}.subscribe() cannot start a consumer:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  return given as SubscribeOptions<Message>;
}

/** Refuses a `publish` whose messages are not an array of messages with string ids and keys. */
export function checkedMessages(broker: string, destination: string, messages: unknown): readonly Message[] {
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
