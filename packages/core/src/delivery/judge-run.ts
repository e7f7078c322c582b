import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { type DeliveryPlan, referencePlan } from './delivery-plan.js';
import { runPlan } from './delivery-run.js';
import type { DeliverySettings } from './delivery-settings.js';
import type { Finding } from './failure-report.js';
import { observationDifferences } from './observation-diff.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import { withShiftedClock } from './shifted-clock.js';
import { classifyDifference, firedFaults } from './verdict.js';

/** Runs one plan: simulated (`runPlan`) or through a real broker. */
export type PlanRunner<World, M extends Message> = (
  subject: RunSubject<World, M>,
  plan: DeliveryPlan,
) => Promise<RunOutcome>;

/** The clean delivery every plan is judged against. */
export interface Reference {
  outcome: RunOutcome;
}

/**
 * Runs the reference (every message once, in order), then — unless disabled — again with the clock 36 h
 * ahead: a handler whose two reference results differ is reported as non-deterministic. With a real broker
 * (`run` is not the simulation) the two determinism runs are simulated, because shifting the clock would
 * also shift the broker client's heartbeats and timeouts; the reference itself goes through the broker.
 */
export async function referenceRun<World, M extends Message>(
  subject: RunSubject<World, M>,
  settings: DeliverySettings<World, M>,
  run: PlanRunner<World, M> = runPlan,
): Promise<Reference | Finding> {
  const timedOut = (outcome: RunOutcome): Finding => ({
    verdict: 'handler-timeout',
    plan: referencePlan,
    messages: subject.messages,
    outcome,
  });
  let first: RunOutcome | undefined;
  if (settings.determinismCheck) {
    const simulated = await runPlan(subject, referencePlan);
    if (simulated.timedOut) return timedOut(simulated);
    const second = await withShiftedClock(() => runPlan(subject, referencePlan));
    if (second.world === simulated.world && simulated.world !== null && typeof simulated.world === 'object') {
      throw new EventspecUsageError(
        'EVENTSPEC_DELIVERY_SHARED_WORLD',
        'checkDelivery setup() returned the same world twice; it must build fresh dependencies for every run, ' +
          'e.g. setup: () => ({ db: new InMemoryDb() }).',
      );
    }
    if (second.timedOut) return timedOut(second);
    if (!settings.equivalent(second.observation, simulated.observation)) {
      return {
        verdict: 'non-deterministic',
        plan: referencePlan,
        messages: subject.messages,
        outcome: second,
        reference: simulated,
        differences: observationDifferences(second.observation, simulated.observation),
      };
    }
    if (run === runPlan) first = simulated;
  }
  first ??= await run(subject, referencePlan);
  if (first.timedOut) return timedOut(first);
  // A message the handler rejects on every delivery: a true poison message, unless parked on purpose.
  const poison = first.deadLettered.find((index) => !settings.deadLetterExpected(subject.messages[index]!));
  if (poison !== undefined)
    return {
      verdict: 'poison-message',
      plan: referencePlan,
      messages: subject.messages,
      outcome: first,
      poison,
    };
  return { outcome: first };
}

/** Whether a run gives the reference result: no timeout, no new dead letter, an equivalent observation. */
export function passes<World, M extends Message>(
  outcome: RunOutcome,
  reference: Reference,
  settings: DeliverySettings<World, M>,
): boolean {
  if (outcome.timedOut) return false;
  const { deadLettered } = outcome;
  if (
    deadLettered.length > 0 &&
    deadLettered.some((index) => !reference.outcome.deadLettered.includes(index))
  )
    return false;
  return settings.equivalent(outcome.observation, reference.outcome.observation);
}

/** What is wrong with a run against the reference, if anything. */
export function judge<World, M extends Message>(
  outcome: RunOutcome,
  reference: Reference,
  plan: DeliveryPlan,
  messages: readonly M[],
  settings: DeliverySettings<World, M>,
): Finding | undefined {
  // The plan as it took effect: interleaving choices that changed nothing are dropped, so that equivalent
  // plans print (and simplify) alike.
  const effective =
    outcome.interleaving && outcome.interleaving.length !== plan.interleaving.length
      ? { ...plan, interleaving: outcome.interleaving }
      : outcome.interleaving?.some((choice, at) => choice !== plan.interleaving[at])
        ? { ...plan, interleaving: outcome.interleaving }
        : plan;
  const base = { plan: effective, messages, outcome, reference: reference.outcome };
  if (outcome.timedOut) return { ...base, verdict: 'handler-timeout' };
  const poison = outcome.deadLettered.find((index) => !reference.outcome.deadLettered.includes(index));
  if (poison !== undefined) return { ...base, verdict: 'poison-message', poison };
  if (settings.equivalent(outcome.observation, reference.outcome.observation)) return undefined;
  const differences = observationDifferences(outcome.observation, reference.outcome.observation);
  return { ...base, verdict: classifyDifference(firedFaults(outcome), differences), differences };
}
