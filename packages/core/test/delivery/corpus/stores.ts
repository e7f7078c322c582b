import type { Message } from '../../../src/index.js';

/** A payment message: `data.amount` in cents, `key` the order. */
export type Payment = Message<{ amount: number; version?: number; status?: string }>;

export function payment(
  id: string,
  key: string,
  amount: number,
  extra: Partial<Payment['data']> = {},
): Payment {
  return { id, type: 'PaymentCaptured', key, data: { amount, ...extra } };
}

/** Four payments over three orders: #1 and #3 share order-1. */
export const payments: Payment[] = [
  payment('p1', 'order-1', 10),
  payment('p2', 'order-2', 20),
  payment('p3', 'order-1', 30),
  payment('p4', 'order-3', 40),
];

/** A synchronous ledger: what a handler writes, call by call (each call a crash point). */
export class Ledger {
  readonly entries: string[] = [];
  readonly processed = new Set<string>();
  total = 0;

  add(id: string, amount: number): void {
    this.entries.push(id);
    this.total += amount;
  }
  markProcessed(id: string): void {
    this.processed.add(id);
  }
  isProcessed(id: string): boolean {
    return this.processed.has(id);
  }
  /** The effect and the dedupe record in one atomic write. */
  addOnce(id: string, amount: number): void {
    if (this.processed.has(id)) return;
    this.processed.add(id);
    this.entries.push(id);
    this.total += amount;
  }
}

/** An asynchronous store: every call is an await the scheduler may interleave. */
export class AsyncStore {
  readonly rows = new Map<string, number>();
  total = 0;

  async has(id: string): Promise<boolean> {
    return this.rows.has(id);
  }
  async insert(id: string, amount: number): Promise<void> {
    this.rows.set(id, (this.rows.get(id) ?? 0) + amount);
  }
  async readTotal(): Promise<number> {
    return this.total;
  }
  async writeTotal(total: number): Promise<void> {
    this.total = total;
  }
  /** Check and insert as one atomic operation (a unique constraint). */
  async insertOnce(id: string, amount: number): Promise<boolean> {
    if (this.rows.has(id)) return false;
    this.rows.set(id, amount);
    this.total += amount;
    return true;
  }
  snapshot(): { rows: [string, number][]; total: number } {
    return { rows: [...this.rows].sort(([a], [b]) => a.localeCompare(b)), total: this.total };
  }
}

/** An asynchronous store whose every call waits for the event loop (a real database's I/O latency). */
export class SlowStore {
  readonly balances = new Map<string, number>();
  total = 0;

  async add(key: string, amount: number): Promise<void> {
    await ioTurn();
    this.balances.set(key, (this.balances.get(key) ?? 0) + amount);
  }
  async read(key: string): Promise<number> {
    await ioTurn();
    return this.balances.get(key) ?? 0;
  }
  async writeTotal(total: number): Promise<void> {
    await ioTurn();
    this.total = total;
  }
  snapshot(): { balances: [string, number][]; total: number } {
    return { balances: [...this.balances].sort(([a], [b]) => a.localeCompare(b)), total: this.total };
  }
}

function ioTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** In-process locks, one per key: waiting for one is an await that no crash point makes. */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(
      key,
      previous.then(() => held),
    );
    await previous;
    return release;
  }
}
