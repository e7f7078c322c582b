import type { Delivery } from '../broker/message.js';

/** Virtual delivery times start here. */
export const startOfTime: number = Date.UTC(2024, 0, 1);
/** How far the virtual clock moves between two deliveries, besides late duplicates and retry backoffs. */
export const tickMs = 1000;

/** A simulated delivery: `deliveredAt` is made on each read, so a handler cannot move another's clock. */
export class SimulatedDelivery implements Delivery {
  constructor(
    readonly attempt: number,
    /** Virtual milliseconds since `startOfTime`. */
    private readonly at: number,
  ) {}

  get redelivered(): boolean {
    return this.attempt > 1;
  }

  get deliveredAt(): Date {
    return new Date(startOfTime + this.at);
  }
}
