import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { OrderEvent } from '../orders/order-messages.js';

/** A customer's orders as the "my orders" page shows them. */
export interface CustomerSummary {
  open: string[];
  completed: string[];
  cancelled: string[];
  spent: number;
}

/**
 * The customers' read model on PostgreSQL (node-postgres): one row per order, each event an idempotent
 * statement — an insert that ignores a known order, updates that only move an order forward — so a
 * redelivered event changes nothing. Each instance lives in its own schema.
 */
export class PostgresCustomerOrders {
  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  static async create(
    pool: pg.Pool,
    schema = `customer_orders_${randomBytes(6).toString('hex')}`,
  ): Promise<PostgresCustomerOrders> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`"${schema}" is not a plain schema name: use lower-case letters, digits and _`);
    await pool.query(`
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.orders (
        order_id text PRIMARY KEY,
        customer_id text NOT NULL,
        total integer NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled'))
      );
    `);
    return new PostgresCustomerOrders(pool, schema);
  }

  // #region postgres-projection
  /** Applies one event; applying it again changes nothing. */
  async project(event: OrderEvent): Promise<void> {
    const { schema } = this;
    switch (event.type) {
      case 'OrderPlaced':
        await this.pool.query(
          `INSERT INTO ${schema}.orders (order_id, customer_id, total, status) VALUES ($1, $2, $3, 'open') ON CONFLICT (order_id) DO NOTHING`,
          [event.data.orderId, event.data.customerId, event.data.total],
        );
        return;
      case 'OrderShipped':
        await this.pool.query(
          `UPDATE ${schema}.orders SET status = 'completed' WHERE order_id = $1 AND status = 'open'`,
          [event.data.orderId],
        );
        return;
      case 'OrderCancelled':
        await this.pool.query(
          `UPDATE ${schema}.orders SET status = 'cancelled' WHERE order_id = $1 AND status = 'open'`,
          [event.data.orderId],
        );
        return;
      default:
        return;
    }
  }
  // #endregion postgres-projection

  /** Every customer's orders by status, and what completed orders cost. */
  async summaries(): Promise<Record<string, CustomerSummary>> {
    const { rows } = await this.pool.query<{
      order_id: string;
      customer_id: string;
      total: number;
      status: 'open' | 'completed' | 'cancelled';
    }>(
      `SELECT order_id, customer_id, total, status FROM ${this.schema}.orders ORDER BY customer_id, order_id`,
    );
    const summaries: Record<string, CustomerSummary> = {};
    for (const row of rows) {
      const summary = summaries[row.customer_id] ?? { open: [], completed: [], cancelled: [], spent: 0 };
      summaries[row.customer_id] = summary;
      summary[row.status].push(row.order_id);
      if (row.status === 'completed') summary.spent += row.total;
    }
    return summaries;
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }
}
