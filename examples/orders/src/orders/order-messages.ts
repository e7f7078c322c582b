/** One line of an order. Prices are in cents. */
export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export type OrderCommand =
  | { type: 'PlaceOrder'; orderId: string; customerId: string; lines: OrderLine[] }
  | { type: 'ConfirmPayment'; orderId: string; paymentId: string }
  | { type: 'CancelOrder'; orderId: string; reason: string }
  | { type: 'ShipOrder'; orderId: string; trackingNumber: string };

export type OrderEvent =
  | {
      type: 'OrderPlaced';
      data: { orderId: string; customerId: string; lines: OrderLine[]; total: number; placedAt: Date };
    }
  | { type: 'OrderPaid'; data: { orderId: string; paymentId: string; paidAt: Date } }
  | {
      type: 'OrderCancelled';
      data: { orderId: string; reason: string; refundDue: boolean; cancelledAt: Date };
    }
  | { type: 'OrderShipped'; data: { orderId: string; trackingNumber: string; shippedAt: Date } };
