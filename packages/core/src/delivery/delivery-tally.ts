import type { Message } from '../broker/message.js';
import type { DeliveryCause, QueuedDelivery } from './delivery-queue.js';
import type { DeliveryOutcome } from './run-outcome.js';

/**
 * What a real run has to account for, per message: copies published, deliveries started, deliveries that
 * ended for good (acked or dead-lettered), and how the last one ended — which says why the next comes.
 */
export class DeliveryTally {
  private readonly copies: number[];
  private readonly attempts: number[];
  private readonly finished: number[];
  private readonly duplicatesOwed: number[];
  private readonly lastEnd: ({ outcome: DeliveryOutcome; injected: boolean } | undefined)[];
  private readonly delayed = new Set<number>();
  private readonly deadLettered = new Set<number>();

  constructor(count: number) {
    this.copies = new Array<number>(count).fill(0);
    this.attempts = new Array<number>(count).fill(0);
    this.finished = new Array<number>(count).fill(0);
    this.duplicatesOwed = new Array<number>(count).fill(0);
    this.lastEnd = new Array(count).fill(undefined);
  }

  /** Records what is published, in the plan's order (its delays and duplicates). */
  publish(order: readonly QueuedDelivery[]): void {
    for (const item of order) {
      this.copies[item.message]!++;
      if (item.cause === 'duplicate') this.duplicatesOwed[item.message]!++;
      if (item.cause === 'delayed') this.delayed.add(item.message);
    }
  }

  /** A delivery of `message` starts: its attempt number and why it comes. */
  start(message: number): { attempt: number; cause: DeliveryCause } {
    const attempt = ++this.attempts[message]!;
    return { attempt, cause: this.causeOf(message, attempt) };
  }

  end(message: number, outcome: DeliveryOutcome, injected = false): void {
    this.lastEnd[message] = { outcome, injected };
    if (outcome === 'acked' || outcome === 'dead-lettered') this.finished[message]!++;
    if (outcome === 'dead-lettered') this.deadLettered.add(message);
  }

  /** Whether every published copy was acked or dead-lettered. */
  get complete(): boolean {
    return this.copies.every((copies, message) => this.finished[message]! >= copies);
  }

  get deadLetteredMessages(): number[] {
    return [...this.deadLettered].sort((a, b) => a - b);
  }

  /** The messages still waiting, as a person reads them: `#2 OrderPlaced (0/1 done)`. */
  waiting(messages: readonly Message[]): string[] {
    return this.copies.flatMap((copies, message) =>
      this.finished[message]! < copies
        ? [`#${message + 1} ${messages[message]!.type} (${this.finished[message]}/${copies} done)`]
        : [],
    );
  }

  /** Copies done against copies published, per message. */
  progress(): { actual: number[]; expected: number[] } {
    return { actual: [...this.finished], expected: [...this.copies] };
  }

  private causeOf(message: number, attempt: number): DeliveryCause {
    if (attempt === 1) return this.delayed.has(message) ? 'delayed' : 'first';
    const last = this.lastEnd[message];
    if (last?.outcome === 'nacked') return last.injected ? 'redelivery' : 'retry';
    if (last?.outcome !== 'crashed' && this.duplicatesOwed[message]! > 0) {
      this.duplicatesOwed[message]!--;
      return 'duplicate';
    }
    // A crash's redelivery, or one the broker added (a handled offset it had not committed yet).
    return 'redelivery';
  }
}
