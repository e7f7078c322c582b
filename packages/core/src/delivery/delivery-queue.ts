import type { DeliveryPlan } from './delivery-plan.js';

/** Why a message is delivered at this point of a run. */
export type DeliveryCause =
  | 'first'
  | 'delayed'
  | 'duplicate'
  | 'redelivery'
  | 'retry'
  | 'replay'
  | 'zombie-takeover';

/** One delivery waiting in the broker: one copy of a message. */
export interface QueuedDelivery {
  message: number;
  cause: DeliveryCause;
  /** Failed deliveries of this copy so far: each copy is requeued, and dead-lettered, on its own. */
  failures?: number;
  /** Virtual milliseconds this delivery comes later than the one before it would. */
  lateBy?: number;
  /** A new owner's delivery beside a zombie: it waits neither for a free slot nor for its key. */
  takeover?: boolean;
}

/** Every run starts from the same first deliveries (they are never changed): made once per count. */
const firstByCount = new Map<number, readonly QueuedDelivery[]>();

function firstDeliveries(count: number): readonly QueuedDelivery[] {
  let first = firstByCount.get(count);
  if (!first) {
    first = Array.from({ length: count }, (_, message) =>
      Object.freeze({ message, cause: 'first' as const }),
    );
    if (firstByCount.size < 64) firstByCount.set(count, first);
  }
  return first;
}

/**
 * The deliveries of a run, in broker order: the messages in order, moved by the plan's delays and joined
 * by its duplicates. Unless `anyOrder`, no fault lets a message pass a later message with its key.
 */
export class DeliveryQueue {
  readonly items: QueuedDelivery[];

  constructor(
    plan: DeliveryPlan,
    private readonly keys: readonly string[],
    private readonly anyOrder: boolean,
  ) {
    const count = keys.length;
    const first = firstDeliveries(count);
    if (plan.delays.length === 0) this.items = first.slice();
    else this.items = this.delayed(plan, first);
    for (const { message: raw, after, lateBy } of plan.duplicates) {
      const message = raw % count;
      let last = -1;
      for (let at = 0; at < this.items.length; at++) if (this.items[at]!.message === message) last = at;
      const offset = this.clamp(message, last + 1, after);
      const copy: QueuedDelivery = { message, cause: 'duplicate' };
      if (lateBy) copy.lateBy = lateBy;
      this.items.splice(last + 1 + offset, 0, copy);
    }
  }

  /** The messages in order, moved by the plan's delays (never past a later message of their key). */
  private delayed(plan: DeliveryPlan, first: readonly QueuedDelivery[]): QueuedDelivery[] {
    const { keys, anyOrder } = this;
    const count = keys.length;
    const order = Array.from({ length: count }, (_, message) => message);
    const delayed = new Set<number>();
    for (const { message: raw, by } of plan.delays) {
      const message = raw % count;
      const from = order.indexOf(message);
      let to = Math.min(from + by, count - 1);
      for (let at = from + 1; at <= to && !anyOrder; at++) {
        if (keys[order[at]!] === keys[message]) to = at - 1;
      }
      if (to <= from) continue;
      order.splice(from, 1);
      order.splice(to, 0, message);
      delayed.add(message);
    }
    return order.map((message) => (delayed.has(message) ? { message, cause: 'delayed' } : first[message]!));
  }

  get length(): number {
    return this.items.length;
  }

  /** Puts a failed copy back `after` deliveries from the head (0: next), with its failures so far. */
  requeue(message: number, after: number, cause: DeliveryCause, failures: number, lateBy = 0): void {
    const copy: QueuedDelivery = { message, cause, failures };
    if (lateBy > 0) copy.lateBy = lateBy;
    this.items.splice(this.clamp(message, 0, after), 0, copy);
  }

  /** Puts deliveries at the head, in order: a replay from the last commit, a new owner's takeover. */
  pushFront(copies: readonly QueuedDelivery[]): void {
    this.items.unshift(...copies);
  }

  /** Takes the first delivery whose key `isBusy` does not hold back (Kafka: one message per partition). */
  take(isBusy?: (key: string) => boolean): QueuedDelivery | undefined {
    if (!isBusy) return this.items.shift();
    const at = this.items.findIndex((item) => item.takeover || !isBusy(this.keys[item.message]!));
    return at < 0 ? undefined : this.items.splice(at, 1)[0];
  }

  /** Whether the head is a takeover, which starts even when every slot is busy. */
  get takeoverNext(): boolean {
    return this.items[0]?.takeover === true;
  }

  keyOf(message: number): string {
    return this.keys[message]!;
  }

  /** How far past `start` the message may go without passing a later message of its key. */
  private clamp(message: number, start: number, wanted: number): number {
    const end = Math.min(start + wanted, this.items.length);
    if (this.anyOrder) return end - start;
    for (let at = start; at < end; at++) {
      const other = this.items[at]!.message;
      if (other !== message && this.keys[other] === this.keys[message]) return at - start;
    }
    return end - start;
  }
}
