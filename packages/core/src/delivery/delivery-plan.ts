export { deliveryPlans } from './plan-arbitrary.js';

/** Deliver `message` (an index into the messages) `by` places later than its turn. */
export interface PlannedDelay {
  message: number;
  by: number;
}

/**
 * Deliver `message` again, `after` other deliveries after its last delivery (0: immediately), and — with
 * `lateBy` — that many milliseconds of virtual time later (a redelivery after a session timeout).
 */
export interface PlannedDuplicate {
  message: number;
  after: number;
  lateBy?: number;
}

/**
 * After `message` is handled, the consumer dies before its next offset commit (it commits every
 * `commitEvery` messages of a key): the broker delivers again, in order, every message of its key handled
 * since the last commit — after later messages of that key were handled (Kafka's replay from the commit).
 */
export interface PlannedReplay {
  message: number;
  commitEvery: number;
}

/**
 * While the first delivery of `message` waits on its first asynchronous crash-point call, its consumer is
 * declared dead and a new owner gets the message too; the old delivery runs on beside it (a zombie).
 */
export interface PlannedZombie {
  message: number;
}

/**
 * On the next delivery of `message`, fail before (`'fail-before'`) or crash after (`'crash-after'`) its
 * call number `call` (0-based) on a crash point; the message comes back `redeliverAfter` deliveries later.
 */
export interface PlannedFailure {
  message: number;
  call: number;
  mode: 'fail-before' | 'crash-after';
  redeliverAfter: number;
}

/**
 * A delivery schedule as explicit data, so that fast-check shrinks it towards the clean, in-order,
 * exactly-once delivery: fewer faults, smaller indexes, shorter distances.
 */
export interface DeliveryPlan {
  delays: PlannedDelay[];
  duplicates: PlannedDuplicate[];
  failures: PlannedFailure[];
  replays: PlannedReplay[];
  zombies: PlannedZombie[];
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Which parked await resumes at each step (index among the parked ones, oldest first; 0 = FIFO). */
  interleaving: number[];
}

/** The faults a plan may contain, after defaults. */
export interface PlanShape {
  duplicate: false | 'immediate' | 'later';
  reorder: false | 'across-keys' | 'any';
  failBefore: boolean;
  crashAfter: boolean;
  replayFromCommit: boolean;
  zombie: boolean;
  /** Duplicates may come this late in virtual time (ms); 0: never late. */
  lateDuplicates: number;
  concurrency: number;
  /**
   * On a real broker the broker places redeliveries and schedules awaits: plans carry no
   * `redeliverAfter` distance and no interleaving.
   */
  realBroker?: boolean;
}

/** The plan that delivers every message once, in order: the reference run. */
export const referencePlan: DeliveryPlan = Object.freeze({
  delays: [],
  duplicates: [],
  failures: [],
  replays: [],
  zombies: [],
  concurrency: 1,
  interleaving: [],
}) as DeliveryPlan;

/** The plan as a user would write it in the `plan` option: only the parts that are not the reference. */
export function compactPlan(plan: DeliveryPlan): Partial<DeliveryPlan> {
  const compact: Partial<DeliveryPlan> = {};
  if (plan.delays.length > 0) compact.delays = plan.delays;
  if (plan.duplicates.length > 0) compact.duplicates = plan.duplicates;
  if (plan.failures.length > 0) compact.failures = plan.failures;
  if (plan.replays.length > 0) compact.replays = plan.replays;
  if (plan.zombies.length > 0) compact.zombies = plan.zombies;
  if (plan.concurrency > 1) compact.concurrency = plan.concurrency;
  if (plan.interleaving.length > 0) compact.interleaving = plan.interleaving;
  return compact;
}
