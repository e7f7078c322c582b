import type { RunOutcome } from './run-outcome.js';

/** What the real broker actually did across the plan runs of a passing check (the reference not counted). */
export interface RealFaults {
  /** Deliveries of a copy published again. */
  duplicates: number;
  /** First deliveries published later than their turn. */
  delayed: number;
  /** Deliveries nacked (RabbitMQ requeue, Kafka offset not committed) and delivered again. */
  nacks: number;
  /** Deliveries lost to a consumer killed before its ack or commit. */
  crashes: number;
  /** Deliveries the broker repeated on its own (e.g. handled but uncommitted offsets after a crash). */
  brokerRedeliveries: number;
  /** Plan runs in which two deliveries were in flight at once. */
  overlappingRuns: number;
}

/** Counts, run after run, the faults that happened on the broker. */
export class RealFaultCounter {
  readonly faults: RealFaults = {
    duplicates: 0,
    delayed: 0,
    nacks: 0,
    crashes: 0,
    brokerRedeliveries: 0,
    overlappingRuns: 0,
  };

  add(outcome: RunOutcome): void {
    const messageOf = new Map<number, number>();
    /** Messages whose last delivery was nacked or crashed: their next delivery is the planned one. */
    const lost = new Set<number>();
    for (const event of outcome.events) {
      if (event.kind === 'start') {
        messageOf.set(event.delivery, event.message);
        if (event.cause === 'duplicate') this.faults.duplicates++;
        if (event.cause === 'delayed') this.faults.delayed++;
        if (event.cause === 'redelivery' && !lost.has(event.message)) this.faults.brokerRedeliveries++;
        lost.delete(event.message);
      } else if (event.kind === 'end') {
        if (event.outcome === 'nacked') this.faults.nacks++;
        if (event.outcome === 'crashed') this.faults.crashes++;
        if (event.outcome === 'nacked' || event.outcome === 'crashed')
          lost.add(messageOf.get(event.delivery) ?? -1);
      }
    }
    if (outcome.overlapped) this.faults.overlappingRuns++;
  }
}
