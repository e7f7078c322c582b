import { existsSync, readFileSync } from 'node:fs';
import type { Message } from '../broker/message.js';
import type { DeliveryRecord } from '../records/spec-record.js';
import type { DeliveryCheckError } from './delivery-check-error.js';
import type { CheckDeliveryOptions } from './options.js';
import { deliveryVerdictTitles } from './verdict.js';

/** The faults a check explored, in words, from its options and their defaults. */
export function describeFaults(options: Pick<RecordedOptions, 'faults' | 'crashPoints' | 'broker'>): string {
  const {
    duplicate = true,
    reorder = 'across-keys',
    failBefore = true,
    crashAfter = true,
    concurrency = 2,
    replayFromCommit = true,
    zombie = false,
  } = options.faults ?? {};
  const parts: string[] = [];
  if (duplicate) parts.push(duplicate === 'immediate' ? 'immediate duplicates' : 'duplicates');
  if (reorder) parts.push(reorder === 'any' ? 'any reordering' : 'reordering across keys');
  if (options.crashPoints && failBefore) parts.push('failures before calls');
  if (options.crashPoints && crashAfter) parts.push('crashes after calls');
  if (replayFromCommit && (!options.broker || options.faults?.replayFromCommit))
    parts.push('replays from the last commit');
  if (options.crashPoints && zombie && !options.broker) parts.push('zombies');
  if (concurrency > 1) parts.push(`${concurrency} in flight`);
  if (options.broker) parts.push('on a real broker');
  return parts.join(', ') || 'no faults';
}

/** What a record reads of the options: never the world-typed callbacks. */
export type RecordedOptions = Pick<
  CheckDeliveryOptions<never, Message, unknown>,
  'faults' | 'broker' | 'name' | 'timelineDir'
> & { messages: unknown; crashPoints?: unknown };

/** The record a passing check leaves for the report. */
export function passedRecord(
  options: RecordedOptions,
  plans: number,
  seed: number | undefined,
): DeliveryRecord {
  return {
    kind: 'delivery',
    ...(options.name === undefined ? {} : { subject: options.name }),
    messages: Array.isArray(options.messages) ? options.messages.length : 0,
    faults: describeFaults(options),
    plans,
    ...(seed === undefined ? {} : { seed }),
    status: 'passed',
  };
}

/** The record a failing check leaves: the verdict, the minimal plan as a timeline, and its picture. */
export function failedRecord(options: RecordedOptions, error: DeliveryCheckError): DeliveryRecord {
  const svg = error.svgPath && existsSync(error.svgPath) ? readFileSync(error.svgPath, 'utf8') : undefined;
  return {
    ...passedRecord(options, 0, error.seed),
    messages: error.messages.length,
    status: 'failed',
    verdict: deliveryVerdictTitles[error.verdict],
    timeline: [...error.timeline],
    ...(svg === undefined ? {} : { svg }),
    failure: error.message,
  };
}
