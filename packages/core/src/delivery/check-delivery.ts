import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { emitSpecRecord, recording } from '../records/spec-record.js';
import { runOnBroker } from './broker-run.js';
import { checkDeliveryCausality } from './delivery-causality.js';
import { DeliveryCheckError } from './delivery-check-error.js';
import { deliveryPlans, referencePlan } from './delivery-plan.js';
import { failedRecord, passedRecord } from './delivery-record.js';
import { runPlan } from './delivery-run.js';
import { settingsOf } from './delivery-settings.js';
import { type Finding, failureOf } from './failure-report.js';
import { judge, type PlanRunner, type Reference, referenceRun } from './judge-run.js';
import type { CheckDeliveryOptions } from './options.js';
import { reducePlan } from './plan-reducer.js';
import { RealFaultCounter, type RealFaults } from './real-faults.js';
import type { RunSubject } from './run-outcome.js';

/** What a passing delivery check explored. */
export interface DeliveryCheckReport {
  /** Delivery plans run after the reference runs. */
  runs: number;
  /** The seed of the exploration: pass it back to replay the same plans (none when `plan` was replayed). */
  seed: number | undefined;
  /** Messages dead-lettered in the reference run too: poison messages, reported but not a failure. */
  poisonMessages: Message[];
  /** Runs made through the real broker (references and plans); only with the `broker` option. */
  realRuns?: number;
  /** What the real broker did in the plan runs (how many duplicates, nacks, crashes…); only with `broker`. */
  realFaults?: RealFaults;
}

/**
 * Checks that a message handler gives the same result under duplicates, reordering, failures, crashes and
 * concurrency as under a clean delivery (every message once, in order); throws a `DeliveryCheckError`
 * with the smallest delivery plan that shows otherwise. Delivery is simulated, or with `broker` goes
 * through a real broker (real nack / requeue and consumer crashes).
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
  if (!recording()) return exploreAndTrace(options);
  const recorded = options as unknown as CheckDeliveryOptions<never, Message, unknown>;
  try {
    const report = await exploreAndTrace(options);
    emitSpecRecord(passedRecord(recorded, report.runs, report.seed));
    return report;
  } catch (error) {
    if (error instanceof DeliveryCheckError) emitSpecRecord(failedRecord(recorded, error));
    throw error;
  }
}

async function exploreAndTrace<World, M extends Message, Observation>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  const report = await exploreDelivery(options);
  await checkDeliveryCausality(options);
  return report;
}

async function exploreDelivery<World, M extends Message, Observation>(
  options: CheckDeliveryOptions<World, M, Observation>,
): Promise<DeliveryCheckReport> {
  const settings = settingsOf(options);
  let realRuns = 0;
  const brokerSettings = settings.broker;
  const realBroker = () =>
    brokerSettings ? { realRuns: { runs: realRuns, consumers: brokerSettings.consumers } } : {};
  const counter = new RealFaultCounter();
  const run: PlanRunner<World, M> = brokerSettings
    ? async (subject, plan) => {
        realRuns++;
        const outcome = await runOnBroker(subject, plan, brokerSettings);
        if (plan !== referencePlan) counter.add(outcome);
        return outcome;
      }
    : runPlan;
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
      reference = await referenceRun(subjectOf(messages), settings, run);
      references.set(messages, reference);
    }
    return reference;
  };

  if (settings.fixed) {
    const reference = await referenceOf(settings.fixed);
    if ('verdict' in reference) throw failureOf(reference, settings, undefined, realBroker());
    if (settings.plan) {
      const finding = judge(
        await run(subjectOf(settings.fixed), settings.plan),
        reference,
        settings.plan,
        settings.fixed,
        settings,
      );
      if (finding) throw failureOf(finding, settings, undefined, { planReplay: true, ...realBroker() });
      return {
        runs: 1,
        seed: undefined,
        poisonMessages: reference.outcome.deadLettered.map((index) => settings.fixed![index]!),
        ...(brokerSettings ? { realRuns, realFaults: counter.faults } : {}),
      };
    }
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
          : judge(await run(subjectOf(messages), plan), reference, plan, messages, settings);
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
    // Each shrink step on a real broker costs a real run: shrink only within `broker.shrinkRuns` below.
    ...(brokerSettings ? { endOnFailure: true } : {}),
  });
  if (misuse) throw misuse;
  if (details.failed) {
    if (thrown || !last) throw thrown ? thrown.error : details.errorInstance;
    const found: Finding = last;
    const messages = found.messages as readonly M[];
    const reference = references.get(messages);
    const simplified =
      reference && !('verdict' in reference) && simplifiable(found) && brokerSettings?.shrinkRuns !== 0
        ? await reducePlan(
            found.plan,
            found,
            async (candidate) => {
              const again = judge(
                await run(subjectOf(messages), candidate),
                reference,
                candidate,
                messages,
                settings,
              );
              return again?.verdict === found.verdict ? again : undefined;
            },
            brokerSettings?.shrinkRuns,
          )
        : { found, steps: 0 };
    throw failureOf(
      simplified.found,
      settings,
      { ...details, simplified: simplified.steps },
      { planReplay: settings.fixed !== undefined, ...realBroker() },
    );
  }
  const reference = settings.fixed ? (references.get(settings.fixed) as Reference) : undefined;
  return {
    runs: details.numRuns,
    seed: details.seed,
    poisonMessages: reference ? reference.outcome.deadLettered.map((index) => settings.fixed![index]!) : [],
    ...(brokerSettings ? { realRuns, realFaults: counter.faults } : {}),
  };
}

/** Whether a finding's plan is worth simplifying further (a hung plan would cost a timeout per try). */
function simplifiable(finding: Finding): boolean {
  return (
    finding.verdict !== 'handler-timeout' &&
    finding.verdict !== 'non-deterministic' &&
    finding.plan !== referencePlan
  );
}
