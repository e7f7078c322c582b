import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { isInAnyOrder } from './in-any-order.js';

/** A scenario as the user wrote it, for the head of a failure. */
export interface ScenarioOutline {
  at?: Date;
  given: readonly { kind: 'event' | 'command'; value: unknown }[];
  when?: unknown;
  /** Replaces the rendering of `when`, for steps that are not a message (a clock advance). */
  whenLabel?: string;
  /** Steps that ran, and passed, before this one. */
  before?: readonly string[];
  /** What was expected; a function is called only when a failure is shown. */
  then: string | (() => string);
  /** The expected events (or patterns) themselves, for the report to show their data. */
  thenEvents?: readonly unknown[];
}

/**
 * The scenario in given / when / then form:
 *
 *     given  CartOpened, ItemAdded
 *     when   CheckOut { cartId: "c1" }
 *     then   CartCheckedOut, ReceiptIssued
 */
export function describeScenario(outline: ScenarioOutline): string[] {
  const lines: string[] = [];
  if (outline.at) lines.push(`  at     ${outline.at.toISOString()}`);
  lines.push(`  given  ${describeHistory(outline.given)}`);
  for (const step of outline.before ?? []) lines.push(`  step   ${step}`);
  if (outline.whenLabel !== undefined) lines.push(`  when   ${outline.whenLabel}`);
  else if ('when' in outline) lines.push(`  when   ${describeMessage(outline.when)}`);
  lines.push(`  then   ${typeof outline.then === 'function' ? outline.then() : outline.then}`);
  return lines;
}

/** `Type { other: "fields" }`: a message's type, then its fields but the type field. */
export function describeMessage(message: unknown, maxLength = 100): string {
  const type = typeName(message);
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return formatInline(message, maxLength);
  const rest = { ...(message as Record<string, unknown>) };
  if (rest.type === type) delete rest.type;
  const fields = Object.keys(rest).length === 0 ? '' : ` ${formatInline(rest, maxLength)}`;
  return `${type}${fields}`;
}

/** A list of message types, shortened past `limit`. */
export function describeTypes(messages: readonly unknown[], limit = 8): string {
  if (messages.length === 0) return 'no events';
  const shown = messages.slice(0, limit).map(typeName);
  return messages.length > limit ? `${shown.join(', ')}, … (${messages.length} in all)` : shown.join(', ');
}

function describeHistory(history: ScenarioOutline['given']): string {
  if (history.length === 0) return 'no events';
  const limit = 8;
  const names = history
    .slice(0, limit)
    .map((entry) => (entry.kind === 'command' ? `command ${typeName(entry.value)}` : typeName(entry.value)));
  return history.length > limit ? `${names.join(', ')}, … (${history.length} in all)` : names.join(', ');
}

/** `CartCheckedOut, inAnyOrder(StockReserved, PaymentRequested) (patterns)`. */
export function describePatterns(patterns: readonly unknown[]): string {
  if (patterns.length === 0) return 'no events';
  const name = (pattern: unknown) => {
    const type =
      typeof pattern === 'object' && pattern !== null ? (pattern as { type?: unknown }).type : undefined;
    return typeof type === 'string' ? type : 'pattern';
  };
  const names = patterns.map((item) =>
    isInAnyOrder(item) ? `inAnyOrder(${item.patterns.map(name).join(', ')})` : name(item),
  );
  return `${names.join(', ')} (patterns)`;
}
