import type { Message } from '../broker/message.js';
import { formatInline } from '../format/format-value.js';
import type { ConsumerEvent, RunEvent } from './run-outcome.js';

/** One delivery of a run: its start, its calls on crash points, how it ended. */
interface DeliveryLine {
  message: number;
  attempt: number;
  cause: string;
  late?: number;
  calls: { label: string; fault: string | undefined }[];
  outcome: string;
  error?: unknown;
  /** What happened to the consumer after this delivery, in words. */
  after: string[];
}

/**
 * The run as a numbered timeline a user can follow: one line per delivery, or — when deliveries overlapped —
 * one line per start, call on a crash point and end. Runs of uneventful in-order deliveries are folded.
 */
export function renderTimeline(
  events: readonly RunEvent[],
  messages: readonly Message[],
  interleaved: boolean,
): string[] {
  return interleaved ? renderSteps(events, messages) : renderDeliveries(events, messages);
}

function name(messages: readonly Message[], index: number): string {
  const message = messages[index];
  return message ? `#${index + 1} ${message.type} key ${JSON.stringify(message.key)}` : `#${index + 1}`;
}

function renderDeliveries(events: readonly RunEvent[], messages: readonly Message[]): string[] {
  const deliveries: DeliveryLine[] = [];
  for (const event of events) {
    if (event.kind === 'start') {
      deliveries[event.delivery] = {
        message: event.message,
        attempt: event.attempt,
        cause: event.cause,
        calls: [],
        outcome: 'pending',
        after: [],
        ...(event.late ? { late: event.late } : {}),
      };
    } else if (event.kind === 'consumer')
      deliveries[event.delivery]?.after.push(consumerText(event, messages));
    else if (event.kind === 'call')
      deliveries[event.delivery]?.calls.push({ label: event.label, fault: event.fault });
    else {
      const line = deliveries[event.delivery];
      if (line) {
        line.outcome = event.outcome;
        if ('error' in event) line.error = event.error;
      }
    }
  }
  const lines: string[] = [];
  let number = 0;
  for (let at = 0; at < deliveries.length; at++) {
    let end = at;
    while (
      end + 1 < deliveries.length &&
      plain(deliveries[end + 1]!) &&
      plain(deliveries[at]!) &&
      deliveries[end + 1]!.message === deliveries[end]!.message + 1
    )
      end++;
    if (end - at >= 2) {
      lines.push(
        `${number + 1}–${number + 1 + end - at}. deliver #${deliveries[at]!.message + 1} to #${deliveries[end]!.message + 1} in order`,
      );
      number += end - at + 1;
      at = end;
      continue;
    }
    const line = deliveries[at]!;
    lines.push(
      `${++number}. ${describeDelivery(line, messages)}${line.after.map((text) => `; ${text}`).join('')}`,
    );
  }
  return lines;
}

function plain(line: DeliveryLine): boolean {
  return (
    line.cause === 'first' &&
    line.attempt === 1 &&
    line.outcome === 'acked' &&
    line.after.length === 0 &&
    line.calls.every((c) => !c.fault)
  );
}

function describeDelivery(line: DeliveryLine, messages: readonly Message[]): string {
  let text = `deliver ${name(messages, line.message)}`;
  if (line.cause === 'duplicate') text += ' again (duplicate)';
  else if (line.cause === 'redelivery') text += ' again (redelivered)';
  else if (line.cause === 'retry') text += ' again (requeued after a nack)';
  else if (line.cause === 'delayed') text += ' (delayed)';
  else if (line.cause === 'replay') text += ' again (replayed from the last commit)';
  else if (line.cause === 'zombie-takeover') text += ' again (new owner, the old delivery still running)';
  if (line.attempt > 1) text += `, attempt ${line.attempt}`;
  if (line.late) text += `, ${durationText(line.late)} later`;
  const fault = line.calls.find((call) => call.fault);
  if (fault?.fault === 'crash-after')
    return `${text} → crash after ${fault.label}(): the effect happened, the ack did not`;
  if (fault?.fault === 'fail-before') {
    text += ` → ${fault.label}() fails before running`;
    return line.outcome === 'acked' ? `${text}; the handler acked anyway` : `${text}; nacked`;
  }
  return `${text}${outcomeText(line.outcome, line.error)}`;
}

function outcomeText(outcome: string, error: unknown): string {
  const reason = error === undefined ? '' : `: ${errorText(error)}`;
  switch (outcome) {
    case 'nacked':
      return ` → threw${reason}; nacked`;
    case 'dead-lettered':
      return ` → threw${reason}; dead-lettered`;
    case 'timed-out':
      return ' → never settled (timed out)';
    default:
      return '';
  }
}

function consumerText(event: ConsumerEvent, messages: readonly Message[]): string {
  if (event.what === 'restart') return 'the consumer process restarts (restart(world))';
  if (event.what === 'zombie')
    return `its consumer is declared dead while it waits; a new owner gets ${name(messages, event.messages?.[0] ?? 0)} too`;
  const batch = (event.messages ?? []).map((index) => `#${index + 1}`).join(', ');
  return `the consumer dies before committing its offset: ${batch} come again from the last commit`;
}

/** `3599000` → `59 min 59 s`: virtual time as a person reads it. */
function durationText(ms: number): string {
  const parts: string[] = [];
  let left = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)} ${unit}`);
      left %= size;
    }
  }
  return parts.join(' ') || `${ms} ms`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : formatInline(error, 60);
}

function renderSteps(events: readonly RunEvent[], messages: readonly Message[]): string[] {
  const names = new Map<number, string>();
  const lines: string[] = [];
  for (const event of events) {
    if (event.kind === 'start') {
      names.set(
        event.delivery,
        event.attempt > 1 ? `#${event.message + 1} (attempt ${event.attempt})` : `#${event.message + 1}`,
      );
      const again =
        event.attempt > 1
          ? ` (attempt ${event.attempt}, ${event.cause})`
          : event.cause === 'delayed'
            ? ' (delayed)'
            : '';
      lines.push(`start ${name(messages, event.message)}${again}`);
      continue;
    }
    const who = names.get(event.delivery) ?? '#?';
    if (event.kind === 'consumer') {
      lines.push(`after ${who}: ${consumerText(event, messages)}`);
      continue;
    }
    if (event.kind === 'call') {
      const fault =
        event.fault === 'crash-after'
          ? ' then crashes'
          : event.fault === 'fail-before'
            ? ' fails before running'
            : '';
      lines.push(`${who} calls ${event.label}()${fault}`);
    } else if (event.outcome === 'acked') lines.push(`${who} acked`);
    else if (event.outcome === 'crashed') lines.push(`${who} crashed before its ack; redelivered later`);
    else lines.push(`${who}${outcomeText(event.outcome, event.error).replace(' →', '')}`);
  }
  return lines.map((line, index) => `${index + 1}. ${line}`);
}
