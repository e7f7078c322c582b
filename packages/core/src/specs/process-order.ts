import { toMilliseconds } from '../clock/duration.js';
import { toEpochMs } from '../clock/instant.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { equalsIn } from '../matching/compare.js';
import { type IgnoredPath, withoutIgnored } from '../matching/ignore-paths.js';
import { compareEvents } from './event-sequence.js';
import type { ProcessOutput } from './process-manager.js';
import type { OrderedOutput } from './process-run.js';

const kinds = new Set(['send', 'publish', 'schedule', 'cancel']);

/**
 * `thenInOrder`'s expected outputs (made with `send`, `publish`, `schedule`, `cancel`) as the run logs them:
 * schedules `{ after }` turned into their instant from the step's start.
 */
export function normalizeOrdered(expected: unknown, stepStartMs: number): OrderedOutput[] {
  if (!Array.isArray(expected)) throw badOrdered(expected);
  return expected.map((output: ProcessOutput) => {
    if (typeof output !== 'object' || output === null || !kinds.has(output.kind)) throw badOrdered(output);
    if (output.kind !== 'schedule') return output as OrderedOutput;
    const atMs =
      output.at !== undefined
        ? toEpochMs(output.at, 'thenInOrder([schedule(message, { at })])')
        : stepStartMs +
          toMilliseconds(output.after ?? Number.NaN, 'thenInOrder([schedule(message, { after })])');
    const scheduled: OrderedOutput = { kind: 'schedule', message: output.message, at: new Date(atMs) };
    if (output.id !== undefined) scheduled.id = output.id;
    return scheduled;
  });
}

/** Whether the outputs are exactly the expected ones, in the same order across kinds. */
export function sameOrder(actual: readonly OrderedOutput[], expected: readonly OrderedOutput[]): boolean {
  return (
    actual.length === expected.length && actual.every((output, i) => equalsIn('strict', output, expected[i]))
  );
}

/** The outputs without the ignored fields of their messages. */
export function stripOrdered(
  outputs: readonly OrderedOutput[],
  paths: readonly IgnoredPath[],
): OrderedOutput[] {
  if (paths.length === 0) return [...outputs];
  return outputs.map((output) => {
    switch (output.kind) {
      case 'send':
        return { ...output, command: withoutIgnored(output.command, paths) };
      case 'publish':
        return { ...output, event: withoutIgnored(output.event, paths) };
      case 'schedule':
        return { ...output, message: withoutIgnored(output.message, paths) };
      default:
        return output;
    }
  });
}

/** `send ReserveStock, then publish OrderAccepted`. */
export function describeOrdered(outputs: readonly OrderedOutput[]): string {
  if (outputs.length === 0) return 'no outputs';
  return `${outputs.map(nameOf).join(', then ')}; in this order`;
}

/** The output-by-output comparison a `thenInOrder` failure shows. */
export function compareOrdered(actual: readonly OrderedOutput[], expected: readonly OrderedOutput[]) {
  return compareEvents(actual, expected, 'strict', (output) => nameOf(output as OrderedOutput));
}

function nameOf(output: OrderedOutput): string {
  switch (output.kind) {
    case 'send':
      return `send ${typeName(output.command)}`;
    case 'publish':
      return `publish ${typeName(output.event)}`;
    case 'schedule':
      return `schedule ${typeName(output.message)} at ${output.at.toISOString()}`;
    default:
      return `cancel ${output.id}`;
  }
}

function badOrdered(value: unknown): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_OUTPUTS',
    `thenInOrder() takes the outputs in the order react makes them, as react returns them: ` +
      `[send(command), publish(event), schedule(message, { after: '15m' }), cancel(id)] — got ${formatInline(value, 60)}.`,
  );
}
