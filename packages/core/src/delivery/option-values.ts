import type { Message } from '../broker/message.js';

/** The keys each options object of `checkDelivery` knows: any other is refused, with these listed. */
export const optionKeys: readonly string[] = [
  'messages',
  'setup',
  'handle',
  'observe',
  'equivalent',
  'key',
  'faults',
  'crashPoints',
  'broker',
  'runs',
  'plan',
  'seed',
  'path',
  'maxAttempts',
  'timeout',
  'restart',
  'retryBackoff',
  'expectDeadLetters',
  'determinismCheck',
  'timelineDir',
  'name',
  'causality',
];
export const faultKeys: readonly string[] = [
  'duplicate',
  'reorder',
  'failBefore',
  'crashAfter',
  'replayFromCommit',
  'zombie',
  'lateBy',
  'concurrency',
];
export const brokerKeys: readonly string[] = [
  'open',
  'source',
  'publishTo',
  'consumers',
  'shrinkRuns',
  'settleTimeout',
];
export const planKeys: readonly string[] = [
  'delays',
  'duplicates',
  'failures',
  'replays',
  'zombies',
  'concurrency',
  'interleaving',
];

/** `retryBackoff` as a function of the failures so far, or a problem. */
export function backoffOf(
  given: number | ((failures: number) => number) | undefined,
  problems: string[],
): ((failures: number) => number) | undefined {
  if (given === undefined || given === 0) return undefined;
  if (typeof given === 'function') return given;
  if (typeof given === 'number' && Number.isFinite(given) && given >= 0) return () => given;
  problems.push('`retryBackoff` must be milliseconds ≥ 0, or a function of the failures so far');
  return undefined;
}

/** `expectDeadLetters` as a predicate, or a problem (ids no message has). */
export function deadLettersOf<M extends Message>(
  given: readonly string[] | ((message: M) => boolean) | undefined,
  fixed: readonly M[] | undefined,
  problems: string[],
): (message: M) => boolean {
  if (given === undefined) return () => false;
  if (typeof given === 'function') return given;
  if (!Array.isArray(given) || given.some((id) => typeof id !== 'string')) {
    problems.push('`expectDeadLetters` must be message ids or a predicate (message) => boolean');
    return () => false;
  }
  const unknown = fixed ? given.filter((id) => !fixed.some((message) => message?.id === id)) : [];
  if (unknown.length > 0)
    problems.push(
      `\`expectDeadLetters\` names ids no message has: ${unknown.map((id) => JSON.stringify(id)).join(', ')}`,
    );
  const ids = new Set(given);
  return (message) => ids.has(message.id);
}
