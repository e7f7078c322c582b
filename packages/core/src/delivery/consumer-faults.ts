import type { Attempt } from './crash-points.js';
import type { DeliveryPlan } from './delivery-plan.js';

/**
 * The plan's faults that strike the consumer rather than one delivery: a replay from the last commit after
 * a message is handled, and a zombie's takeover while a delivery waits. Each fires once; the run then
 * restarts the consumer (its `restart` hook).
 */
export class ConsumerFaults {
  /** Planned replays by message: the commit interval. Undefined when the plan has none (the common case). */
  private readonly replays: Map<number, number> | undefined;
  private readonly zombies: Set<number> | undefined;
  /** The messages handled so far (not as a replay or a duplicate), in the order of their first ack. */
  private readonly handled: number[] = [];
  /** Marks the messages in `handled`. */
  private readonly seen: boolean[] = [];

  constructor(plan: DeliveryPlan, count: number) {
    if (plan.replays?.length) {
      this.replays = new Map();
      for (const { message, commitEvery } of plan.replays)
        if (!this.replays.has(message % count)) this.replays.set(message % count, commitEvery);
    }
    if (plan.zombies?.length) this.zombies = new Set(plan.zombies.map((zombie) => zombie.message % count));
  }

  /**
   * `attempt` was acked: moves its key's offset, and returns the batch to replay (the messages of the key
   * handled since the last commit, in order) when the plan kills the consumer before the next commit.
   * `keys` are the messages' key slots.
   */
  replayAfter(attempt: Attempt, keys: readonly number[]): number[] | undefined {
    const { replays } = this;
    // Once every planned replay fired, what was handled no longer matters.
    if (!replays?.size || attempt.cause === 'replay' || attempt.cause === 'duplicate') return undefined;
    const { message } = attempt;
    if (!this.seen[message]) {
      this.seen[message] = true;
      this.handled.push(message);
    }
    const commitEvery = replays.get(message);
    if (commitEvery === undefined) return undefined;
    replays.delete(message);
    const key = keys[message];
    const handled = this.handled.filter((other) => keys[other] === key);
    // Commits came after every `commitEvery` handled messages of the key: the batch since the last one.
    return handled.slice(handled.length - (((handled.length - 1) % commitEvery) + 1));
  }

  /** Whether the first delivery of `attempt`'s message, now waiting on a crash point, becomes a zombie. */
  takesOver(attempt: Attempt): boolean {
    return attempt.attempt === 1 && this.zombies?.delete(attempt.message) === true;
  }
}
