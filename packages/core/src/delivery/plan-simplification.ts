import type { Message } from '../broker/message.js';
import { type DeliveryPlan, referencePlan } from './delivery-plan.js';
import type { Finding } from './failure-report.js';
import { reducePlan } from './plan-reducer.js';
import type { DeliveryVerdict } from './verdict.js';

/** What simplifying a finding needs: its run on the caller's messages again. */
export interface Simplification<M extends Message> {
  /** The caller's array behind the finding's messages, if known. */
  original: readonly M[] | undefined;
  /** Whether the reference of `original` was a clean run (not itself a finding). */
  cleanReference: boolean;
  /** How many plans to try at most; undefined for the reducer's own bound. */
  shrinkRuns: number | undefined;
  /** What is wrong with `plan` on `original`, if anything. */
  judged(original: readonly M[], plan: DeliveryPlan): Promise<Finding | undefined>;
}

/**
 * Greedy simplification after fast-check's shrinking: the smallest plan found that still shows the same
 * bug, and how many steps it took. A finding of the reference runs, or a synchronous overrun, stays as it is.
 */
export async function simplifyFinding<M extends Message>(
  found: Finding,
  { original, cleanReference, shrinkRuns, judged }: Simplification<M>,
): Promise<{ found: Finding; steps: number }> {
  if (!original || !cleanReference || !simplifiable(found) || shrinkRuns === 0) return { found, steps: 0 };
  return reducePlan(
    found.plan,
    found,
    async (candidate) => {
      const again = await judged(original, candidate);
      return again && sameBug(again.verdict, found.verdict) ? again : undefined;
    },
    shrinkRuns,
  );
}

/**
 * Whether a simpler plan still shows the bug that was found. The verdict must stay, except between an
 * order-dependent result and a concurrency anomaly: which one is named depends on whether a delay fired
 * beside the interleaving, and dropping the delay is the simplification.
 */
function sameBug(simpler: DeliveryVerdict, found: DeliveryVerdict): boolean {
  if (simpler === found) return true;
  const racy: DeliveryVerdict[] = ['order-dependent', 'concurrency-anomaly'];
  return racy.includes(simpler) && racy.includes(found);
}

/** Whether a failing plan can be simplified: not the reference, not a reference-only verdict, not an overrun. */
function simplifiable(finding: Finding): boolean {
  return (
    finding.verdict !== 'non-deterministic' &&
    finding.outcome.timedOut?.overran === undefined &&
    finding.plan !== referencePlan
  );
}
