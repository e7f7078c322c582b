import type { WithMetadata } from '../messages/message-metadata.js';

/** One line of an order. Prices are in cents. */
export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** What the orders service is asked to do; each command carries its envelope (`metadata`). */
export type OrderCommand = WithMetadata &
  (
    | { type: 'PlaceOrder'; orderId: string; customerId: string; lines: OrderLine[] }
    | { type: 'ConfirmPayment'; orderId: string; paymentId: string }
    | { type: 'CancelOrder'; orderId: string; reason: string }
    | { type: 'ShipOrder'; orderId: string; trackingNumber: string }
  );

/** What the orders service decided; each event's envelope names the command that caused it. */
export type OrderEvent = WithMetadata &
  (
    | {
        type: 'OrderPlaced';
        data: { orderId: string; customerId: string; lines: OrderLine[]; total: number; placedAt: Date };
      }
    | { type: 'OrderPaid'; data: { orderId: string; paymentId: string; paidAt: Date } }
    | {
        type: 'OrderCancelled';
        data: { orderId: string; reason: string; refundDue: boolean; cancelledAt: Date };
      }
    | { type: 'OrderShipped'; data: { orderId: string; trackingNumber: string; shippedAt: Date } }
  );
