import { system } from '@eventspec/core';
import { type OrderCommand, type OrderEvent, ordersSystem } from '../../src/index.js';
import { withId } from '../with-id.js';

/** The orders of the recorded history: who ordered what, and when. Above the card limit, payment fails. */
const orders = Array.from({ length: 12 }, (_, index) => ({
  orderId: `o-${100 + index}`,
  customerId: `c-${index % 4}`,
  unitPrice: index % 5 === 3 ? 90_000 : 12_000 + index * 1_000,
  quantity: 1 + (index % 3),
  start: new Date(Date.UTC(2022 + Math.floor(index / 4), index % 12, 3, 9)).toISOString(),
}));

/**
 * The order streams the orders system records when its system scenarios run these orders — as an event
 * store would hold them after two schema changes: orders of 2022 were written as OrderPlaced v1 (one
 * amount, no lines) and OrderCancelled v1 (no refundDue), without envelopes; orders of 2023 as OrderPlaced
 * v2 (lines, no total); later ones at the current versions. One JSON object a line.
 */
export async function recordOrdersHistory(): Promise<string> {
  const lines: string[] = [];
  for (const { orderId, customerId, unitPrice, quantity, start } of orders) {
    const placeOrder: OrderCommand = withId(`cmd-${orderId}`, {
      type: 'PlaceOrder',
      orderId,
      customerId,
      lines: [{ sku: 'espresso-beans', quantity, unitPrice }],
    });
    const report = await system(ordersSystem, { start })
      .when(placeOrder)
      .eventually({ state: {} }, { within: '1h', svgDir: false });
    const events = report.flow
      .filter((entry) => entry.kind === 'event' && entry.from === 'orders')
      .map((entry) => entry.message as OrderEvent);
    events.forEach((event, index) => {
      lines.push(JSON.stringify({ streamId: orderId, streamVersion: index + 1, ...asStored(event, start) }));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** The event as the store of its year wrote it. */
function asStored(event: OrderEvent, start: string): object {
  const year = Number(start.slice(0, 4));
  if (event.type === 'OrderPlaced' && year === 2022) {
    const { lines: _, total, ...rest } = event.data;
    return { type: 'OrderPlaced', version: 1, data: { ...rest, amount: total } };
  }
  if (event.type === 'OrderPlaced' && year === 2023) {
    const { total: _, ...rest } = event.data;
    return { type: 'OrderPlaced', version: 2, data: rest, metadata: event.metadata };
  }
  if (event.type === 'OrderCancelled' && year === 2022) {
    const { refundDue: _, ...rest } = event.data;
    return { type: 'OrderCancelled', version: 1, data: rest };
  }
  // Envelopes were stored from 2023 on.
  return year === 2022
    ? { type: event.type, data: event.data }
    : { type: event.type, data: event.data, metadata: event.metadata };
}
