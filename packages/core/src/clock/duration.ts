import { EventspecUsageError } from '../errors/eventspec-error.js';

/** A span of time: milliseconds, or text such as `'90s'`, `'15m'`, `'1h 30m'`, `'2d'`, `'250ms'`. */
export type Duration = number | string;

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;

/** The number of milliseconds in `duration`; a clear error for text it cannot read. */
export function toMilliseconds(duration: Duration, where = 'a duration'): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
    throw invalid(duration, where);
  }
  const text = duration.trim();
  let total = 0;
  let read = 0;
  part.lastIndex = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * unitMs[match[2] as string]!;
    read = part.lastIndex;
    while (text[part.lastIndex] === ' ') part.lastIndex++;
  }
  if (read === 0 || read !== text.length) throw invalid(duration, where);
  return total;
}

function invalid(duration: unknown, where: string): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_CLOCK_BAD_DURATION',
    `${where} got ${JSON.stringify(duration)}, which is not a duration. ` +
      `Pass milliseconds (a number ≥ 0) or text such as '250ms', '30s', '15m', '1h 30m', '2d', '1w'.`,
  );
}
