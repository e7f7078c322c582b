import type { Broker } from '@eventspec/core';
import type { OrderLine } from '../orders/order-messages.js';

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
  const { placedAt, ...rest } = data;
  await broker.publish('orders', [
    {
      id: `order-placed-${data.orderId}`,
      type: 'OrderPlaced',
      key: data.orderId,
      headers: {
        'content-type': 'application/json',
        'correlation-id': correlationId,
        contract: 'OrderPlaced@2',
      },
      data: { ...rest, placedAt: placedAt.toISOString() },
    },
  ]);
}
