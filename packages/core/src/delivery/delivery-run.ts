import type { Message } from '../broker/message.js';
import { ConcurrentRun } from './concurrent-run.js';
import type { DeliveryPlan } from './delivery-plan.js';
import { InOrderRun, needsTiming } from './in-order-run.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import { notSynchronous } from './user-callback.js';

/** Runs `plan` on a fresh world and reports what happened (without its events unless `record`). */
export function runPlan<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
  record = true,
): Promise<RunOutcome> {
  const run = isConcurrent(plan)
    ? new ConcurrentRun(subject, plan, record)
    : new InOrderRun(subject, plan, record);
  return run.run();
}

/**
 * `runPlan` without a promise, for a plan delivered in order (concurrency 1, no zombie): the outcome, or
 * `undefined` as soon as setup, crashPoints, the handler, restart or observe returns a promise — the
 * caller then runs its plans with `runPlan` instead. Same deliveries, faults and events as `runPlan`.
 */
export function runPlanSync<World, M extends Message>(
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
  record = true,
): RunOutcome | undefined {
  if (isConcurrent(plan)) return undefined;
  let outcome = new InOrderRun(subject, plan, record).runSync(false);
  // The run took longer than the timeout in all: run it again, timing each handler call.
  if (outcome === needsTiming) outcome = new InOrderRun(subject, plan, record).runSync(true);
  return outcome === notSynchronous || outcome === needsTiming ? undefined : outcome;
}

/** Whether deliveries of `plan` may be in flight at once: more than one consumer slot, or a zombie. */
function isConcurrent(plan: DeliveryPlan): boolean {
  return plan.concurrency > 1 || (plan.zombies?.length ?? 0) > 0;
}
