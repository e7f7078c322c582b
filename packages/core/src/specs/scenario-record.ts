import { emitSpecRecord, recording, type ScenarioRecord } from '../records/spec-record.js';
import { describeMessage, type ScenarioOutline } from './describe-scenario.js';
import { isInAnyOrder } from './in-any-order.js';
import { isThenable } from './maybe-async.js';

/**
 * Runs a checked step and, when someone records specs (the report), leaves a record of it, passed or
 * failed. Nothing is built on the passing path when nobody records.
 */
export function recorded<T>(
  kind: ScenarioRecord['kind'],
  subject: string | undefined,
  outline: () => ScenarioOutline,
  step: () => T,
): T {
  if (!recording()) return step();
  try {
    const result = step();
    if (isThenable(result)) {
      // A step that finishes later (an async projection's redeliveries) is recorded when it does.
      return Promise.resolve(result).then(
        (value) => {
          emitSpecRecord(recordOf(kind, subject, outline(), 'passed'));
          return value;
        },
        (error: unknown) => {
          emitSpecRecord(
            recordOf(
              kind,
              subject,
              outline(),
              'failed',
              error instanceof Error ? error.message : String(error),
            ),
          );
          throw error;
        },
      ) as T;
    }
    emitSpecRecord(recordOf(kind, subject, outline(), 'passed'));
    return result;
  } catch (error) {
    emitSpecRecord(
      recordOf(kind, subject, outline(), 'failed', error instanceof Error ? error.message : String(error)),
    );
    throw error;
  }
}

function recordOf(
  kind: ScenarioRecord['kind'],
  subject: string | undefined,
  outline: ScenarioOutline,
  status: ScenarioRecord['status'],
  failure?: string,
): ScenarioRecord {
  const record: ScenarioRecord = {
    kind,
    given: [
      ...outline.given.map((entry) =>
        entry.kind === 'command'
          ? `command ${describeMessage(entry.value, 200)}`
          : describeMessage(entry.value, 200),
      ),
      ...(outline.before ?? []),
    ],
    then: typeof outline.then === 'function' ? outline.then() : outline.then,
    status,
  };
  if (subject !== undefined) record.subject = subject;
  if (outline.at) record.at = outline.at.toISOString();
  if (outline.whenLabel !== undefined) record.when = outline.whenLabel;
  else if ('when' in outline) record.when = describeMessage(outline.when, 200);
  if (outline.thenEvents?.length)
    record.thenEvents = outline.thenEvents.flatMap((event) =>
      isInAnyOrder(event)
        ? event.patterns.map((pattern) => `(any order) ${describeMessage(pattern, 200)}`)
        : [describeMessage(event, 200)],
    );
  if (failure !== undefined) record.failure = failure;
  return record;
}
