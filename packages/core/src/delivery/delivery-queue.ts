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
  /** The deliveries from `head` on are waiting; those before it were taken. */
  private readonly list: QueuedDelivery[];
  private head = 0;

  constructor(
    plan: DeliveryPlan,
    /** Each message's key slot (`RunSubject.keySlots`). */
    private readonly keys: readonly number[],
    private readonly anyOrder: boolean,
  ) {
    const count = keys.length;
    const first = firstDeliveries(count);
    const list = plan.delays.length === 0 ? first.slice() : this.delayed(plan, first);
    this.list = list;
    for (const { message: raw, after, lateBy } of plan.duplicates) {
      const message = raw % count;
      let last = list.length - 1;
      while (last >= 0 && list[last]!.message !== message) last--;
      const offset = this.clamp(message, last + 1, after);
      const copy: QueuedDelivery = { message, cause: 'duplicate' };
      if (lateBy) copy.lateBy = lateBy;
      insertAt(list, last + 1 + offset, copy);
    }
  }

  /** The deliveries waiting, in broker order. */
  get items(): readonly QueuedDelivery[] {
    return this.head === 0 ? this.list : this.list.slice(this.head);
  }

  /**
   * The messages in order, moved by the plan's delays (never past a later message of their key), moved in
   * place: a moved message becomes a `delayed` copy.
   */
  private delayed(plan: DeliveryPlan, first: readonly QueuedDelivery[]): QueuedDelivery[] {
    const { keys, anyOrder } = this;
    const count = keys.length;
    const order = first.slice();
    // Where each message stands in `order` (each is there once): no search for the one to move.
    const at: number[] = new Array<number>(count);
    for (let index = 0; index < count; index++) at[index] = index;
    for (const { message: raw, by } of plan.delays) {
      const message = raw % count;
      const from = at[message]!;
      let to = Math.min(from + by, count - 1);
      for (let next = from + 1; next <= to && !anyOrder; next++) {
        if (keys[order[next]!.message] === keys[message]) to = next - 1;
      }
      if (to <= from) continue;
      const moved = order[from]!;
      for (let index = from; index < to; index++) {
        const shifted = order[index + 1]!;
        order[index] = shifted;
        at[shifted.message] = index;
      }
      order[to] = moved.cause === 'delayed' ? moved : { message, cause: 'delayed' };
      at[message] = to;
    }
    return order;
  }

  get length(): number {
    return this.list.length - this.head;
  }

  /** Puts a failed copy back `after` deliveries from the head (0: next), with its failures so far. */
  requeue(message: number, after: number, cause: DeliveryCause, failures: number, lateBy = 0): void {
    const copy: QueuedDelivery = { message, cause, failures };
    if (lateBy > 0) copy.lateBy = lateBy;
    insertAt(this.list, this.head + this.clamp(message, this.head, after), copy);
  }

  /** Puts deliveries at the head, in order: a replay from the last commit, a new owner's takeover. */
  pushFront(copies: readonly QueuedDelivery[]): void {
    if (this.head >= copies.length) {
      this.head -= copies.length;
      for (let at = 0; at < copies.length; at++) this.list[this.head + at] = copies[at]!;
    } else this.list.splice(this.head, 0, ...copies);
  }

  /**
   * Takes the first delivery that `isBusy` (given its message) does not hold back: Kafka delivers one message
   * per partition at a time.
   */
  take(isBusy?: (message: number) => boolean): QueuedDelivery | undefined {
    const { list } = this;
    if (!isBusy) return this.head < list.length ? list[this.head++] : undefined;
    for (let at = this.head; at < list.length; at++) {
      const item = list[at]!;
      if (!item.takeover && isBusy(item.message)) continue;
      if (at === this.head) this.head++;
      else removeAt(list, at);
      return item;
    }
    return undefined;
  }

  /** Whether the head is a takeover, which starts even when every slot is busy. */
  get takeoverNext(): boolean {
    return this.list[this.head]?.takeover === true;
  }

  /** How far past `start` (an index of the list) the message may go without passing a later message of its key. */
  private clamp(message: number, start: number, wanted: number): number {
    const { list } = this;
    const end = Math.min(start + wanted, list.length);
    if (this.anyOrder) return end - start;
    for (let at = start; at < end; at++) {
      const other = list[at]!.message;
      if (other !== message && this.keys[other] === this.keys[message]) return at - start;
    }
    return end - start;
  }
}

/** `list.splice(index, 1)` without the array of removed items it allocates. */
function removeAt(list: QueuedDelivery[], index: number): void {
  for (let at = index; at < list.length - 1; at++) list[at] = list[at + 1]!;
  list.pop();
}

/** `list.splice(index, 0, item)` without the array of removed items it allocates. */
function insertAt(list: QueuedDelivery[], index: number, item: QueuedDelivery): void {
  let at = list.length;
  list.push(item);
  for (; at > index; at--) list[at] = list[at - 1]!;
  list[index] = item;
}
