/** A charge taken from a customer's card, in cents. */
export interface Charge {
  paymentId: string;
  orderId: string;
  amount: number;
}

/**
 * The payment service's database, in memory: every method is one round trip (one await), and
 * `recordCharge` is one transaction (the charge and the processed message id commit together).
 */
export class PaymentsDb {
  private readonly rows: Charge[] = [];
  private readonly processed = new Set<string>();

  async insertCharge(charge: Charge): Promise<void> {
    this.rows.push(charge);
  }

  async hasProcessed(messageId: string): Promise<boolean> {
    return this.processed.has(messageId);
  }

  async markProcessed(messageId: string): Promise<void> {
    this.processed.add(messageId);
  }

  /** One transaction: inserts the charge and the processed message id, or nothing if the id is known. */
  async recordCharge(messageId: string, charge: Charge): Promise<boolean> {
    if (this.processed.has(messageId)) return false;
    this.processed.add(messageId);
    this.rows.push(charge);
    return true;
  }

  /** The charges, in a stable order, for comparisons. */
  charges(): Charge[] {
    return [...this.rows].sort((a, b) => a.paymentId.localeCompare(b.paymentId));
  }
}
