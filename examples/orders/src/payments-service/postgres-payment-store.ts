import { randomBytes } from 'node:crypto';
import type { Message } from '@eventspec/core';
import type pg from 'pg';
import type { Charge } from '../consumers/payments-db.js';
import type { PaymentStore, PaymentTransaction } from './payment-store.js';

/**
 * The payment store on PostgreSQL (node-postgres): the inbox's primary key makes the claim atomic, and a
 * transaction commits the claim, the charge and the outbox message together. Each store lives in its own
 * schema, so stores for parallel tests never meet.
 */
export class PostgresPaymentStore implements PaymentStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  /** Creates the store's schema and tables. */
  static async create(
    pool: pg.Pool,
    schema = `payments_${randomBytes(6).toString('hex')}`,
  ): Promise<PostgresPaymentStore> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`"${schema}" is not a plain schema name: use lower-case letters, digits and _`);
    await pool.query(`
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.inbox (message_id text PRIMARY KEY, handled_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE ${schema}.charges (payment_id text NOT NULL, order_id text NOT NULL, amount integer NOT NULL);
      CREATE TABLE ${schema}.outbox (position bigserial PRIMARY KEY, message jsonb NOT NULL, published_at timestamptz);
    `);
    return new PostgresPaymentStore(pool, schema);
  }

  async inTransaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const { schema } = this;
    try {
      await client.query('BEGIN');
      const result = await work({
        async claim(messageId) {
          const inserted = await client.query(
            `INSERT INTO ${schema}.inbox (message_id) VALUES ($1) ON CONFLICT DO NOTHING`,
            [messageId],
          );
          return inserted.rowCount === 1;
        },
        async insertCharge({ paymentId, orderId, amount }) {
          await client.query(
            `INSERT INTO ${schema}.charges (payment_id, order_id, amount) VALUES ($1, $2, $3)`,
            [paymentId, orderId, amount],
          );
        },
        async enqueue(message) {
          await client.query(`INSERT INTO ${schema}.outbox (message) VALUES ($1)`, [JSON.stringify(message)]);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async charges(): Promise<Charge[]> {
    const { rows } = await this.pool.query<{ payment_id: string; order_id: string; amount: number }>(
      `SELECT payment_id, order_id, amount FROM ${this.schema}.charges ORDER BY payment_id, order_id, amount`,
    );
    return rows.map((row) => ({ paymentId: row.payment_id, orderId: row.order_id, amount: row.amount }));
  }

  async unpublished(): Promise<{ position: number; message: Message }[]> {
    const { rows } = await this.pool.query<{ position: string; message: Message }>(
      `SELECT position, message FROM ${this.schema}.outbox WHERE published_at IS NULL ORDER BY position`,
    );
    return rows.map((row) => ({ position: Number(row.position), message: row.message }));
  }

  async markPublished(positions: readonly number[]): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.schema}.outbox SET published_at = now() WHERE position = ANY($1::bigint[])`,
      [positions],
    );
  }

  /** Removes the store's schema and everything in it. */
  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }
}
