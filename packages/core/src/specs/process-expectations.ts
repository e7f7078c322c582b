import type { Duration } from '../clock/duration.js';
import { toMilliseconds } from '../clock/duration.js';
import { type Instant, toEpochMs } from '../clock/instant.js';
import { typeName } from '../format/type-name.js';
import { type CompareMode, equalsIn } from '../matching/compare.js';
import { type IgnoredPath, withoutIgnored } from '../matching/ignore-paths.js';
import { compareEvents } from './event-sequence.js';
import type { Scheduled, StepOutputs } from './process-run.js';

/** A scheduled message a step is expected to make: at an instant, or `after` the step's start. */
export interface ExpectedSchedule<Message = unknown> {
  message: Message;
  at?: Instant;
  after?: Duration;
  id?: string;
}

/** The outputs a step is expected to make, by kind. With `then`, a kind left out means none of it. */
export interface ExpectedOutputs<Command = unknown, Event = unknown, Message = unknown> {
  send?: readonly Command[];
  publish?: readonly Event[];
  schedule?: readonly ExpectedSchedule<Message>[];
  cancel?: readonly string[];
  /** Scheduled messages that came due during the step. */
  due?: readonly Message[];
}

type Kind = keyof StepOutputs;
const order: readonly Kind[] = ['due', 'send', 'publish', 'schedule', 'cancel'];

/** The expected outputs with every schedule at an absolute time. */
export function normalizeExpected(expected: ExpectedOutputs, stepStartMs: number): Partial<StepOutputs> {
  const normalized: Partial<Record<Kind, unknown[]>> = {};
  for (const kind of order) {
    const list = expected[kind];
    if (list === undefined) continue;
    normalized[kind] =
      kind === 'schedule' ? (list as ExpectedSchedule[]).map((s) => toScheduled(s, stepStartMs)) : [...list];
  }
  return normalized as Partial<StepOutputs>;
}

/** Whether the outputs meet the expectation: exactly (kinds left out must be empty) or by patterns. */
export function outputsMeet(actual: StepOutputs, expected: Partial<StepOutputs>, mode: CompareMode): boolean {
  return order.every((kind) => {
    const wanted = expected[kind];
    if (wanted === undefined) return mode === 'pattern' || actual[kind].length === 0;
    return (
      actual[kind].length === wanted.length &&
      actual[kind].every((item, i) => equalsIn(mode, item, wanted[i]))
    );
  });
}

/** The comparison a failure shows, kind by kind, and its summary. */
export function compareOutputs(actual: StepOutputs, expected: Partial<StepOutputs>, mode: CompareMode) {
  const lines: string[] = [];
  const summaries: string[] = [];
  for (const kind of order) {
    const wanted = expected[kind] ?? (mode === 'strict' ? [] : undefined);
    if (wanted === undefined) continue;
    const got: readonly unknown[] = actual[kind];
    if (got.length === wanted.length && got.every((item, i) => equalsIn(mode, item, wanted[i]))) continue;
    const named = kind === 'schedule' ? scheduleName : kind === 'cancel' ? () => 'cancel' : typeName;
    const comparison = compareEvents(got, wanted as readonly unknown[], mode, named);
    summaries.push(`${kind}: ${comparison.summary.replace(/events? (differs?)/, '$1')}`);
    lines.push(`  ${kind}`, ...comparison.lines.map((line) => `  ${line}`));
  }
  return { lines, summary: summaries.join('; ') };
}

/** `due: PaymentTimeout; send: CancelOrder; schedule: none` — what a step is expected to do. */
export function describeExpected(expected: Partial<StepOutputs>, mode: CompareMode): string {
  const parts = order.flatMap((kind) => {
    const list = expected[kind];
    if (list === undefined) return [];
    const named = kind === 'schedule' ? scheduleName : kind === 'cancel' ? String : typeName;
    return [`${kind}: ${list.length === 0 ? 'none' : list.map(named).join(', ')}`];
  });
  if (parts.length === 0) return mode === 'strict' ? 'no outputs' : 'any outputs';
  return mode === 'strict' ? `${parts.join('; ')}; nothing else` : `${parts.join('; ')} (patterns)`;
}

function scheduleName(entry: unknown): string {
  const scheduled = entry as Partial<Scheduled>;
  const at = scheduled.at instanceof Date ? ` at ${scheduled.at.toISOString()}` : '';
  return `${typeName(scheduled.message)}${at}`;
}

function toScheduled(expected: ExpectedSchedule, stepStartMs: number): Scheduled | ExpectedSchedule {
  const atMs =
    expected.at !== undefined
      ? toEpochMs(expected.at, 'then({ schedule: [{ at }] })')
      : expected.after !== undefined
        ? stepStartMs + toMilliseconds(expected.after, 'then({ schedule: [{ after }] })')
        : undefined;
  if (atMs === undefined) return expected;
  const scheduled: Scheduled = { message: expected.message, at: new Date(atMs) };
  if (expected.id !== undefined) scheduled.id = expected.id;
  return scheduled;
}

/** The outputs without the ignored fields of each message (of a schedule: of its message). */
export function stripOutputs<T extends Partial<StepOutputs>>(outputs: T, paths: readonly IgnoredPath[]): T {
  if (paths.length === 0) return outputs;
  const stripped: Partial<Record<Kind, unknown[]>> = {};
  for (const kind of order) {
    const list = outputs[kind] as unknown[] | undefined;
    if (list === undefined) continue;
    stripped[kind] =
      kind === 'schedule'
        ? list.map((s) => ({ ...(s as Scheduled), message: withoutIgnored((s as Scheduled).message, paths) }))
        : kind === 'cancel'
          ? list
          : list.map((message) => withoutIgnored(message, paths));
  }
  return stripped as T;
}
