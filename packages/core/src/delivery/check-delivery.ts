import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { type DeliveryPlan, deliveryPlans, referencePlan } from './delivery-plan.js';
import { runPlan } from './delivery-run.js';
import { type DeliverySettings, settingsOf } from './delivery-settings.js';
import { type Finding, failureOf } from './failure-report.js';
import { observationDifferences } from './observation-diff.js';
import type { CheckDeliveryOptions } from './options.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import { withShiftedClock } from './shifted-clock.js';
import { classifyDifference, firedFaults } from './verdict.js';

/** What a passing delivery check explored. */
export interface DeliveryCheckReport {
  /** Delivery plans run after the reference runs. */
  runs: number;
  /** The seed of the exploration: pass it back to replay the same plans. */
  seed: number;
  /** Messages dead-lettered in the reference run too: poison messages, reported but not a failure. */
  poisonMessages: Message[];
}

interface Reference {
  outcome: RunOutcome;
}

/**
 * Checks that a message handler gives the same result under duplicates, reordering, failures, crashes and
 * concurrency as under a clean delivery (every message once, in order); throws a `DeliveryCheckError`
 * with the smallest delivery plan that shows otherwise.
 * @example
 * await checkDelivery({
 *   messages: [paymentRequested('order-1', 30), paymentRequested('order-2', 20)],
 *   setup: () => ({ db: new PaymentsDb() }),
 *   handle: ({ db }, message) => capturePayment(db, message),
 *   observe: ({ db }) => db.payments(),
 *   crashPoints: ({ db }) => ({ db }),
 * });
 */
export async function checkDelivery<World, M extends Message = Message, Observation = unknown>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  const settings = settingsOf(options);
  const asyncLabels = new Set<string>();
  const subjects = new WeakMap<readonly M[], RunSubject<World, M>>();
  const references = new WeakMap<readonly M[], Reference | Finding>();
  const subjectOf = (messages: readonly M[]): RunSubject<World, M> => {
    let subject = subjects.get(messages);
    if (!subject) {
      subject = {
        messages,
        keys: messages.map(settings.keyOf),
        setup: settings.setup,
        handle: settings.handle,
        observe: settings.observe,
        crashPoints: settings.crashPoints,
        anyOrder: settings.shape.reorder === 'any',
        maxAttempts: settings.maxAttempts,
        timeout: settings.timeout,
        asyncLabels,
      };
      subjects.set(messages, subject);
    }
    return subject;
  };
  const referenceOf = async (messages: readonly M[]): Promise<Reference | Finding> => {
    let reference = references.get(messages);
    if (!reference) {
      reference = await referenceRun(subjectOf(messages), settings);
      references.set(messages, reference);
    }
    return reference;
  };

  if (settings.fixed) {
    const reference = await referenceOf(settings.fixed);
    if ('verdict' in reference) throw failureOf(reference, settings, undefined);
  }
  let last: Finding | undefined;
  let thrown: { error: unknown } | undefined;
  let misuse: EventspecUsageError | undefined;
  const plans = deliveryPlans(settings.fixed?.length ?? 20, settings.shape);
  const property = fc.asyncProperty(fc.tuple(settings.messages, plans), async ([messages, plan]) => {
    // A usage error is a mistake in the check, not a counterexample: stop at once, shrink nothing.
    if (messages.length === 0 || misuse) return true;
    try {
      const reference = await referenceOf(messages);
      const finding =
        'verdict' in reference
          ? reference
          : judge(await runPlan(subjectOf(messages), plan), reference, plan, messages, settings);
      if (finding) [last, thrown] = [finding, undefined];
      return finding === undefined;
    } catch (error) {
      if (error instanceof EventspecUsageError) {
        misuse = error;
        return false;
      }
      [last, thrown] = [undefined, { error }];
      throw error;
    }
  });
  const details = await fc.check(property, {
    numRuns: settings.runs,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.path === undefined ? {} : { path: settings.path }),
  });
  if (misuse) throw misuse;
  if (details.failed) {
    if (thrown || !last) throw thrown ? thrown.error : details.errorInstance;
    throw failureOf(last, settings, details);
  }
  const reference = settings.fixed ? (references.get(settings.fixed) as Reference) : undefined;
  return {
    runs: details.numRuns,
    seed: details.seed,
    poisonMessages: reference ? reference.outcome.deadLettered.map((index) => settings.fixed![index]!) : [],
  };
}

async function referenceRun<World, M extends Message>(
  subject: RunSubject<World, M>,
  settings: DeliverySettings<World, M>,
): Promise<Reference | Finding> {
  const first = await runPlan(subject, referencePlan);
  if (first.timedOut)
    return { verdict: 'handler-timeout', plan: referencePlan, messages: subject.messages, outcome: first };
  if (!settings.determinismCheck) return { outcome: first };
  const second = await withShiftedClock(() => runPlan(subject, referencePlan));
  if (second.world === first.world && first.world !== null && typeof first.world === 'object') {
    throw new EventspecUsageError(
      'EVENTSPEC_DELIVERY_SHARED_WORLD',
      'checkDelivery setup() returned the same world twice; it must build fresh dependencies for every run, ' +
        'e.g. setup: () => ({ db: new InMemoryDb() }).',
    );
  }
  if (second.timedOut)
    return { verdict: 'handler-timeout', plan: referencePlan, messages: subject.messages, outcome: second };
  if (!settings.equivalent(second.observation, first.observation)) {
    return {
      verdict: 'non-deterministic',
      plan: referencePlan,
      messages: subject.messages,
      outcome: second,
      reference: first,
      differences: observationDifferences(second.observation, first.observation),
    };
  }
  return { outcome: first };
}

function judge<World, M extends Message>(
  outcome: RunOutcome,
  reference: Reference,
  plan: DeliveryPlan,
  messages: readonly M[],
  settings: DeliverySettings<World, M>,
): Finding | undefined {
  const base = { plan, messages, outcome, reference: reference.outcome };
  if (outcome.timedOut) return { ...base, verdict: 'handler-timeout' };
  const poison = outcome.deadLettered.find((index) => !reference.outcome.deadLettered.includes(index));
  if (poison !== undefined) return { ...base, verdict: 'poison-message', poison };
  if (settings.equivalent(outcome.observation, reference.outcome.observation)) return undefined;
  const differences = observationDifferences(outcome.observation, reference.outcome.observation);
  return { ...base, verdict: classifyDifference(firedFaults(outcome), differences), differences };
}
