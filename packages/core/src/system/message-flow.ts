import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import type { FaultNote } from './planned-bus.js';
import type { FlowEntry, Rejection } from './system-run.js';

/**
 * The message flow of a run as a sequence, a message a line, in virtual time:
 *
 *     when  09:00:00.000  test → orders          PlaceOrder { orderId: "o-1" }
 *           09:00:00.000  orders ⇒               OrderPlaced { … }
 *           09:15:00.000  ⏰ checkout            PaymentTimedOut { … }
 *
 * Under a delivery plan, what the broker did is placed where it happened: `⚡ the broker publishes #3 … again`.
 */
export function renderMessageFlow(
  flow: readonly FlowEntry[],
  rejections: readonly Rejection[] = [],
  faults: readonly FaultNote[] = [],
): string[] {
  const width = Math.max(12, ...flow.map((entry) => arrow(entry).length));
  const lines = flow.map((entry, i) => {
    const phase =
      entry.phase === 'when' && flow[i - 1]?.phase !== 'when'
        ? 'when '
        : entry.phase === 'given' && i === 0
          ? 'given'
          : '     ';
    const time = entry.at.toISOString().slice(11, 23);
    return `  ${phase} ${time}  ${arrow(entry).padEnd(width)}  ${typeName(entry.message)} ${formatInline(stripType(entry.message), 70)}`;
  });
  for (const fault of [...faults].reverse())
    lines.splice(fault.flowIndex, 0, `${' '.repeat(22)}⚡ ${fault.text}`);
  for (const rejection of rejections) {
    const reason = rejection.error instanceof Error ? rejection.error.message : String(rejection.error);
    lines.push(`  ✗ ${rejection.service} rejected ${typeName(rejection.command)}: ${reason}`);
  }
  return lines;
}

function arrow(entry: FlowEntry): string {
  if (entry.kind === 'timer') return `⏰ ${entry.to}`;
  if (entry.kind === 'event') return `${entry.from} ⇒`;
  return `${entry.from} → ${entry.to}`;
}

/** The message without its `type` field, which the flow shows as its name. */
export function stripType(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return message;
  const { type: _type, ...rest } = message as Record<string, unknown>;
  return rest;
}
