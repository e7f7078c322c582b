import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { DifferenceLabels } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';

/** How a projection's events are delivered again or in another order, by `projectionScenario`'s options. */
export interface ProjectionVariant {
  /** The deliveries, as indexes into the given events. */
  order: number[];
  /** What happened, for the headline: `redelivering given[0] OrderPlaced after the later events`. */
  what: string;
  /** The event redelivered, if any, for the line under the headline. */
  event?: number;
  labels: DifferenceLabels;
}

/** Each event delivered again after all the later ones (`redeliver: 'late'`). */
export function lateRedeliveries(events: readonly unknown[]): ProjectionVariant[] {
  const inOrder = events.map((_, i) => i);
  return inOrder.slice(0, -1).map((i) => ({
    order: [...inOrder, i],
    what: `redelivering given[${i}] ${typeName(events[i])} after the later events`,
    event: i,
    labels: { expected: 'once', actual: 'redelivered' },
  }));
}

/**
 * Orders that keep each stream's events in order but move streams against each other (`reorder`): every
 * swap of two neighbouring events of different streams, and each stream's events together, streams in
 * order of first appearance and in reverse.
 */
export function streamReorders(
  events: readonly unknown[],
  streamOf: (event: never) => unknown,
): ProjectionVariant[] {
  const streams = events.map((event, i) => {
    try {
      return streamOf(event as never);
    } catch (error) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_BAD_STREAM_OF',
        `projectionScenario(): reorder.streamOf threw on given[${i}] ${formatInline(event, 60)}: ` +
          `${error instanceof Error ? error.message : String(error)}. It must name the stream of every given event.`,
      );
    }
  });
  const inOrder = events.map((_, i) => i);
  const orders: number[][] = [];
  for (let i = 0; i + 1 < events.length; i++) {
    if (Object.is(streams[i], streams[i + 1])) continue;
    const order = [...inOrder];
    order[i] = i + 1;
    order[i + 1] = i;
    orders.push(order);
  }
  const firstSeen = [...new Set(streams)];
  const grouped = (names: unknown[]) =>
    names.flatMap((name) => inOrder.filter((i) => Object.is(streams[i], name)));
  orders.push(grouped(firstSeen), grouped([...firstSeen].reverse()));
  const seen = new Set([inOrder.join(',')]);
  const variants: ProjectionVariant[] = [];
  for (const order of orders) {
    const key = order.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    variants.push({
      order,
      what: `delivering the events of different streams in the order ${order.map((i) => `given[${i}]`).join(', ')}`,
      labels: { expected: 'in order', actual: 'reordered' },
    });
  }
  return variants;
}
