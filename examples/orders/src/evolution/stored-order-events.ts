import { defineUpcasters } from '@eventspec/core';
import type { WithMetadata } from '../messages/message-metadata.js';
import type { OrderEvent, OrderLine } from '../orders/order-messages.js';

/** v1 (2022): one amount per order, no lines. */
export type OrderPlacedV1 = {
  type: 'OrderPlaced';
  version: 1;
  data: { orderId: string; customerId: string; amount: number; placedAt: Date };
};
/**
 * v2 (2023): lines, but the total was computed by readers. Written with the envelope from late 2023 on; the
 * upcasters keep it (id, correlation, cause) when they read the event at v3.
 */
export type OrderPlacedV2 = {
  type: 'OrderPlaced';
  version: 2;
  data: { orderId: string; customerId: string; lines: OrderLine[]; placedAt: Date };
} & WithMetadata;
/** v1 of OrderCancelled had no refundDue: refunds were handled by hand. */
export type OrderCancelledV1 = {
  type: 'OrderCancelled';
  version: 1;
  data: { orderId: string; reason: string; cancelledAt: Date };
};

/** Everything the order stream may hold; events without a version are at the latest one. */
export type StoredOrderEvent = OrderEvent | OrderPlacedV1 | OrderPlacedV2 | OrderCancelledV1;

/** The sku a v1 order's single amount becomes when it is read as lines. */
export const legacySku = 'legacy-order-amount';

type OrderPlacedV3 = Extract<OrderEvent, { type: 'OrderPlaced' }>;
type OrderCancelledV2 = Extract<OrderEvent, { type: 'OrderCancelled' }>;

/** Reads any stored order event at the latest version: OrderPlaced v1 → v2 → v3, OrderCancelled v1 → v2. */
export const orderUpcasters = defineUpcasters<StoredOrderEvent, OrderEvent>()
  .register<OrderPlacedV1, OrderPlacedV2>('OrderPlaced', 1, ({ data: { amount, ...rest } }) => ({
    type: 'OrderPlaced',
    version: 2,
    data: { ...rest, lines: [{ sku: legacySku, quantity: 1, unitPrice: amount }] },
  }))
  .register<OrderPlacedV2, OrderPlacedV3>('OrderPlaced', 2, ({ data }) => ({
    type: 'OrderPlaced',
    data: { ...data, total: data.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) },
  }))
  .register<OrderCancelledV1, OrderCancelledV2>('OrderCancelled', 1, ({ data }) => ({
    type: 'OrderCancelled',
    data: { ...data, refundDue: false },
  }));
