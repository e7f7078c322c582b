/** What the billing consumers receive: an order was placed and must be charged, once. */
export interface OrderPlacedMessage {
  /** Unique per message; redeliveries and producer retries repeat it. */
  messageId: string;
  orderId: string;
  customerId: string;
  total: number;
}

// #region idempotent-ledger
/**
 * The billing side's state: one charge per order, whatever the broker does. Brokers deliver at least
 * once (redelivery after a lost ack, a consumer restart, a producer retry), so the consumer records
 * the message ids it applied together with the effect and skips the ones it has seen.
 */
export class BillingLedger {
  readonly #applied = new Set<string>();
  readonly #charges = new Map<string, number>();
  /** How many deliveries were skipped as already applied. */
  duplicatesSkipped = 0;

  /** Applies a charge unless this message was applied before; returns whether it was applied. */
  apply(message: OrderPlacedMessage): boolean {
    if (this.#applied.has(message.messageId)) {
      this.duplicatesSkipped++;
      return false;
    }
    this.#charges.set(message.orderId, (this.#charges.get(message.orderId) ?? 0) + message.total);
    this.#applied.add(message.messageId);
    return true;
  }

  /** Total charged per order. */
  charges(): ReadonlyMap<string, number> {
    return this.#charges;
  }
}
// #endregion idempotent-ledger
