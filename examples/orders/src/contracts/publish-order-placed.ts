import type { Broker, Message } from '@eventspec/core';
import type { OrderEvent, OrderLine } from '../orders/order-messages.js';

/** What the orders service announces when an order is placed. */
export interface OrderPlacedData {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  /** Cents. */
  total: number;
  placedAt: Date;
  currency?: 'EUR' | 'USD' | 'GBP';
}

/** The orders service's producer: publishes OrderPlaced (contract v2) on the `orders` topic, keyed by order. */
export async function publishOrderPlaced(
  broker: Broker,
  data: OrderPlacedData,
  correlationId: string,
): Promise<void> {
  await broker.publish('orders', [
    orderPlacedMessage(data, `order-placed-${data.orderId}`, { 'correlation-id': correlationId }),
  ]);
}

/**
 * Publishes the OrderPlaced the order decider made. Its envelope travels as the transport's: the message id
 * is the event's id, and the `correlation-id` and `causation-id` headers carry its trace; the body is the
 * event's data, as contract v2 describes it.
 */
export async function publishOrderPlacedEvent(
  broker: Broker,
  event: Extract<OrderEvent, { type: 'OrderPlaced' }>,
): Promise<void> {
  const { messageId, correlationId, causationId } = event.metadata ?? {};
  const trace: Record<string, string> = {};
  if (correlationId !== undefined) trace['correlation-id'] = correlationId;
  if (causationId !== undefined) trace['causation-id'] = causationId;
  await broker.publish('orders', [
    orderPlacedMessage(event.data, messageId ?? `order-placed-${event.data.orderId}`, trace),
  ]);
}

function orderPlacedMessage(data: OrderPlacedData, id: string, trace: Record<string, string>): Message {
  const { placedAt, ...rest } = data;
  return {
    id,
    type: 'OrderPlaced',
    key: data.orderId,
    headers: { 'content-type': 'application/json', ...trace, contract: 'OrderPlaced@2' },
    data: { ...rest, placedAt: placedAt.toISOString() },
  };
}
