import type { Message } from '@eventspec/core';

/** OrderPlaced@2 as the finance service reads it (see contracts/order-placed.v2.contract.json). */
export interface OrderPlacedV2Body {
  orderId: string;
  customerId: string;
  lines: { sku: string; quantity: number; unitPrice: number }[];
  /** In cents of `currency`. */
  total: number;
  placedAt: string;
  /** Absent means EUR. */
  currency?: string;
}

/** Euro cents per cent of each currency the finance service converts. */
export const eurPerCent: Readonly<Record<string, number>> = { EUR: 1, USD: 0.92, GBP: 1.17 };

/** Revenue per customer in euro cents, and the orders in a currency it cannot convert yet. */
export class RevenueLedger {
  readonly booked = new Map<string, number>();
  readonly unconverted: { orderId: string; currency: string; total: number }[] = [];

  add(customerId: string, eurCents: number): void {
    this.booked.set(customerId, (this.booked.get(customerId) ?? 0) + eurCents);
  }
}

// #region revenue-ledger
/** Books an order's total in euro cents; an order in a currency without a rate waits for one. */
export function bookRevenue(ledger: RevenueLedger, message: Message<OrderPlacedV2Body>): void {
  const { orderId, customerId, total } = message.data;
  const currency = message.data.currency ?? 'EUR';
  const rate = eurPerCent[currency];
  if (rate === undefined) {
    ledger.unconverted.push({ orderId, currency, total });
    return;
  }
  ledger.add(customerId, Math.round(total * rate));
}
// #endregion revenue-ledger
