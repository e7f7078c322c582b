import type { DeliveryPlan } from './delivery-plan.js';
import { tickMs } from './simulated-delivery.js';

type FaultList = 'delays' | 'duplicates' | 'failures' | 'replays' | 'zombies';
const lists: FaultList[] = ['zombies', 'replays', 'failures', 'duplicates', 'delays'];
const smallest: Record<string, number> = { by: 1, commitEvery: 1, lateBy: 1 };

/**
 * Plans strictly simpler than `plan`, simplest first: a fault fewer, no interleaving, less concurrency,
 * smaller numbers (each also tried with the interleaving reset, which often has to change with it).
 */
export function* simplerPlans(plan: DeliveryPlan): Generator<DeliveryPlan> {
  for (const list of lists) {
    for (let at = 0; at < plan[list].length; at++) {
      const fewer = { ...plan, [list]: plan[list].filter((_, i) => i !== at) };
      yield fewer;
      // A delivery fewer also moves the virtual clock a tick less: let a late duplicate make up for it.
      for (const ticks of [1, 2, 4]) {
        const later = withLaterDuplicate(fewer, ticks * tickMs);
        if (later) yield later;
      }
    }
  }
  yield* mergedDelays(plan);
  yield* replaysAsDuplicates(plan);
  if (plan.interleaving.length > 0) yield { ...plan, interleaving: [] };
  if (plan.concurrency > 1) {
    yield { ...plan, concurrency: 1, interleaving: [] };
    if (plan.concurrency > 2) yield { ...plan, concurrency: plan.concurrency - 1 };
  }
  for (const list of lists) {
    for (let at = 0; at < plan[list].length; at++) {
      const fault = plan[list][at] as unknown as Record<string, unknown>;
      if ('lateBy' in fault) {
        const { lateBy: _, ...onTime } = fault;
        yield { ...plan, [list]: plan[list].map((f, i) => (i === at ? onTime : f)) };
      }
      for (const [field, value] of Object.entries(fault)) {
        if (typeof value !== 'number') continue;
        const steps = field === 'lateBy' ? [tickMs] : [];
        for (const smaller of smallerNumbers(value, smallest[field] ?? 0, steps)) {
          const changed = plan[list].map((f, i) => (i === at ? { ...f, [field]: smaller } : f));
          yield { ...plan, [list]: changed };
          if (plan.interleaving.length > 0) yield { ...plan, [list]: changed, interleaving: [] };
        }
      }
    }
  }
  for (let at = 0; at < plan.interleaving.length; at++) {
    yield { ...plan, interleaving: plan.interleaving.filter((_, i) => i !== at) };
    const choice = plan.interleaving[at]!;
    if (choice > 0) yield { ...plan, interleaving: plan.interleaving.map((c, i) => (i === at ? 0 : c)) };
    if (choice > 1) yield { ...plan, interleaving: plan.interleaving.map((c, i) => (i === at ? c - 1 : c)) };
  }
}

/**
 * A replay of a batch of one (`commitEvery: 1`) is an immediate duplicate, but for the consumer restart it
 * implies: the plainer fault is kept when it fails the same way.
 */
function* replaysAsDuplicates(plan: DeliveryPlan): Generator<DeliveryPlan> {
  for (let at = 0; at < plan.replays.length; at++) {
    const replay = plan.replays[at]!;
    if (replay.commitEvery !== 1) continue;
    yield {
      ...plan,
      replays: plan.replays.filter((_, i) => i !== at),
      duplicates: [...plan.duplicates, { message: replay.message, after: 0 }],
    };
  }
}

function withLaterDuplicate(plan: DeliveryPlan, by: number): DeliveryPlan | undefined {
  const late = plan.duplicates.findIndex((duplicate) => (duplicate.lateBy ?? 0) > 0);
  if (late < 0) return undefined;
  const duplicates = plan.duplicates.map((duplicate, i) =>
    i === late ? { ...duplicate, lateBy: duplicate.lateBy! + by } : duplicate,
  );
  return { ...plan, duplicates };
}

/** Two delays of one message as one (`{0 by 2},{0 by 2}` → `{0 by 4}`): one fault fewer, same effect. */
function* mergedDelays(plan: DeliveryPlan): Generator<DeliveryPlan> {
  for (let first = 0; first < plan.delays.length; first++) {
    for (let second = first + 1; second < plan.delays.length; second++) {
      const [a, b] = [plan.delays[first]!, plan.delays[second]!];
      if (a.message !== b.message) continue;
      const merged = plan.delays
        .map((delay, i) => (i === first ? { message: a.message, by: a.by + b.by } : delay))
        .filter((_, i) => i !== second);
      yield { ...plan, delays: merged };
    }
  }
}

function smallerNumbers(value: number, min: number, steps: readonly number[] = []): number[] {
  const candidates = [
    min,
    Math.floor((value + min) / 2),
    ...steps.map((step) => value - step),
    value - 1,
  ].filter((n) => n >= min && n < value);
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
