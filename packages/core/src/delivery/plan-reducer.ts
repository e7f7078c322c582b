import type { DeliveryPlan } from './delivery-plan.js';

type FaultList = 'delays' | 'duplicates' | 'failures';
const lists: FaultList[] = ['failures', 'duplicates', 'delays'];
const smallest: Record<string, number> = { by: 1 };

/**
 * Plans strictly simpler than `plan`, simplest first: a fault fewer, no interleaving, less concurrency,
 * smaller numbers (each also tried with the interleaving reset, which often has to change with it).
 */
export function* simplerPlans(plan: DeliveryPlan): Generator<DeliveryPlan> {
  for (const list of lists) {
    for (let at = 0; at < plan[list].length; at++)
      yield { ...plan, [list]: plan[list].filter((_, i) => i !== at) };
  }
  if (plan.interleaving.length > 0) yield { ...plan, interleaving: [] };
  if (plan.concurrency > 1) {
    yield { ...plan, concurrency: 1, interleaving: [] };
    if (plan.concurrency > 2) yield { ...plan, concurrency: plan.concurrency - 1 };
  }
  for (const list of lists) {
    for (let at = 0; at < plan[list].length; at++) {
      const fault = plan[list][at] as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(fault)) {
        if (typeof value !== 'number') continue;
        for (const smaller of smallerNumbers(value, smallest[field] ?? 0)) {
          const changed = plan[list].map((f, i) => (i === at ? { ...f, [field]: smaller } : f));
          yield { ...plan, [list]: changed };
          if (plan.interleaving.length > 0) yield { ...plan, [list]: changed, interleaving: [] };
        }
      }
    }
  }
  for (let at = 0; at < plan.interleaving.length; at++) {
    yield { ...plan, interleaving: plan.interleaving.filter((_, i) => i !== at) };
    if (plan.interleaving[at]! > 0)
      yield { ...plan, interleaving: plan.interleaving.map((c, i) => (i === at ? 0 : c)) };
  }
}

function smallerNumbers(value: number, min: number): number[] {
  const candidates = [min, Math.floor((value + min) / 2), value - 1].filter((n) => n >= min && n < value);
  return [...new Set(candidates)];
}

/**
 * Greedily simplifies a failing plan after fast-check's shrinking, which can stop in a local minimum when two
 * parts of a plan only fail together (a duplicate and the interleaving that races it). `check` says whether
 * a plan still fails the same way; at most `budget` plans are run.
 */
export async function reducePlan<F>(
  plan: DeliveryPlan,
  found: F,
  check: (candidate: DeliveryPlan) => Promise<F | undefined>,
  budget = 600,
): Promise<{ plan: DeliveryPlan; found: F; steps: number }> {
  let current = { plan, found, steps: 0 };
  let left = budget;
  const firstFailing = async (candidates: Iterable<DeliveryPlan>) => {
    for (const candidate of candidates) {
      if (left-- <= 0) return undefined;
      const again = await check(candidate);
      if (again !== undefined) return { plan: candidate, found: again };
    }
    return undefined;
  };
  while (left > 0) {
    // One simplification at a time; when none is enough, two at once (the parts that only fail together).
    const next =
      (await firstFailing(simplerPlans(current.plan))) ?? (await firstFailing(twoSteps(current.plan)));
    if (!next) break;
    current = { ...next, steps: current.steps + 1 };
  }
  return current;
}

function* twoSteps(plan: DeliveryPlan): Generator<DeliveryPlan> {
  for (const first of simplerPlans(plan)) yield* simplerPlans(first);
}
