import type { Attempt } from './crash-points.js';
import type { DeliveryPlan } from './delivery-plan.js';

/**
 * The plan's faults that strike the consumer rather than one delivery: a replay from the last commit after
 * a message is handled, and a zombie's takeover while a delivery waits. Each fires once; the run then
 * restarts the consumer (its `restart` hook).
 */
export class ConsumerFaults {
  /** The planned replays; undefined when the plan has none (the common case). */
  private readonly replays: PlannedReplays | undefined;
  private readonly zombies: Set<number> | undefined;

  constructor(plan: DeliveryPlan, count: number) {
    if (plan.replays?.length) {
      const replays: PlannedReplays = {
        commitEvery: new Array<number>(count).fill(0),
        left: 0,
        handled: [],
        seen: new Array<boolean>(count).fill(false),
      };
      // The first replay planned after a message is the one that fires.
      for (const { message, commitEvery } of plan.replays) {
        if (replays.commitEvery[message % count] !== 0) continue;
        replays.commitEvery[message % count] = commitEvery;
        replays.left++;
      }
      this.replays = replays;
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
    if (!replays?.left || attempt.cause === 'replay' || attempt.cause === 'duplicate') return undefined;
    const { message } = attempt;
    if (!replays.seen[message]) {
      replays.seen[message] = true;
      replays.handled.push(message);
    }
    const commitEvery = replays.commitEvery[message]!;
    if (commitEvery === 0) return undefined;
    replays.commitEvery[message] = 0;
    replays.left--;
    const key = keys[message];
    const handled = replays.handled.filter((other) => keys[other] === key);
    // Commits came after every `commitEvery` handled messages of the key: the batch since the last one.
    return handled.slice(handled.length - (((handled.length - 1) % commitEvery) + 1));
  }

  /** Whether the first delivery of `attempt`'s message, now waiting on a crash point, becomes a zombie. */
  takesOver(attempt: Attempt): boolean {
    return attempt.attempt === 1 && this.zombies?.delete(attempt.message) === true;
  }
}

/** A run's planned replays by message, and what they need to know of the run so far. */
interface PlannedReplays {
  /** The commit interval (≥ 1) of the replay planned after each message; 0 when none (or it fired). */
  commitEvery: number[];
  /** Planned replays that have not fired yet. */
  left: number;
  /** The messages handled so far (not as a replay or a duplicate), in the order of their first ack. */
  handled: number[];
  /** Marks the messages in `handled`. */
  seen: boolean[];
}
