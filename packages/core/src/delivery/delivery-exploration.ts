import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { freshSeed } from '../options/fresh-seed.js';
import { runOnBroker } from './broker-run.js';
import type { DeliveryCheckReport } from './check-delivery.js';
import type { DeliveryCheckError } from './delivery-check-error.js';
import { type DeliveryPlan, deliveryPlans, referencePlan } from './delivery-plan.js';
import { runPlan, runPlanSync } from './delivery-run.js';
import type { DeliverySettings } from './delivery-settings.js';
import { type Explored, type Finding, failureOf } from './failure-report.js';
import { judge, passes, type Reference, referenceRun } from './judge-run.js';
import { frozenCopies } from './message-copies.js';
import { reducePlan } from './plan-reducer.js';
import { RealFaultCounter } from './real-faults.js';
import type { RunOutcome, RunSubject } from './run-outcome.js';
import type { DeliveryVerdict } from './verdict.js';

/** How a property run ended besides passing: a finding, a user error to rethrow, or a misuse of the check. */
type Stop = { finding: Finding } | { thrown: unknown } | { misuse: EventspecUsageError };

/**
 * One `checkDelivery` call as named steps: replay a given plan, or explore plans with fast-check, simplify
 * the failing one, and turn it into the error a user reads. Runs, subjects and references are cached per
 * message array here rather than in closures.
 */
export class DeliveryExploration<World, M extends Message> {
  private readonly subjects = new WeakMap<readonly M[], RunSubject<World, M>>();
  private readonly references = new WeakMap<readonly M[], Reference | Finding>();
  private readonly asyncLabels = new Set<string>();
  private readonly counter = new RealFaultCounter();
  private readonly seed: number;
  private realRuns = 0;
  private stop: Stop | undefined;
  /** Set when a synchronous exploration met a promise: it is given up and explored again asynchronously. */
  private needsAsync = false;

  constructor(private readonly settings: DeliverySettings<World, M>) {
    this.seed = settings.seed ?? freshSeed();
  }

  /** With `plan` (or a fixed reference that already fails): the report or the failure, without exploring. */
  async replayFixedPlan(): Promise<DeliveryCheckReport | undefined> {
    const { fixed, plan } = this.settings;
    if (!fixed) return undefined;
    const reference = await this.referenceOf(fixed);
    if ('verdict' in reference) throw this.failure(reference, this.onlySeed(), false);
    if (!plan) return undefined;
    const finding = await this.judged(fixed, plan, reference);
    if (finding) throw this.failure(finding, undefined, true);
    return this.report(1, undefined, reference);
  }

  /** Explores plans (and generated messages) with fast-check; throws the simplest failure found. */
  async explore(): Promise<DeliveryCheckReport> {
    const { settings } = this;
    const plans = deliveryPlans(settings.fixed?.length ?? 20, settings.shape);
    const explored = (await this.exploreSynchronously(plans)) ?? (await this.exploreAsynchronously(plans));
    const { details } = explored;
    const stop = this.stop;
    if (stop && 'misuse' in stop) throw stop.misuse;
    if (!details.failed) {
      const reference = settings.fixed ? (this.references.get(settings.fixed) as Reference) : undefined;
      return this.report(details.numRuns, details.seed, reference);
    }
    if (!stop || 'thrown' in stop) throw stop ? stop.thrown : details.errorInstance;
    const simplified = await this.simplify(stop.finding);
    throw this.failure(
      simplified.found,
      { ...details, simplified: simplified.steps },
      settings.fixed !== undefined,
    );
  }

  private async exploreAsynchronously(
    plans: fc.Arbitrary<DeliveryPlan>,
  ): Promise<{ details: fc.RunDetails<unknown> }> {
    const { settings } = this;
    const property = fc.asyncProperty(fc.tuple(settings.messages, plans), ([messages, plan]) =>
      this.holds(messages, plan),
    );
    return { details: await fc.check(property, this.checkParameters()) };
  }

  /**
   * The same exploration with a synchronous property when every callback is synchronous (fixed messages,
   * no broker, a reference run without a promise): the plans, their order, the shrinking and the verdicts
   * are those of the asynchronous one, without a promise per plan. `undefined` when it does not apply, or
   * when a run met a promise after all (the exploration is then done again asynchronously, from the start).
   */
  private async exploreSynchronously(
    plans: fc.Arbitrary<DeliveryPlan>,
  ): Promise<{ details: fc.RunDetails<unknown> } | undefined> {
    const { settings } = this;
    const fixed = settings.fixed;
    if (!fixed || fixed.length === 0 || settings.broker) return undefined;
    const reference = await this.referenceOf(fixed);
    if (!('verdict' in reference) && !reference.outcome.synchronous) return undefined;
    const property = fc.property(fc.tuple(settings.messages, plans), ([messages, plan]) =>
      this.holdsSync(messages, plan),
    );
    const details = fc.check(property, this.checkParameters());
    if (!this.needsAsync) return { details };
    this.needsAsync = false;
    this.stop = undefined;
    return undefined;
  }

  private checkParameters(): fc.Parameters<unknown> {
    const { settings } = this;
    return {
      numRuns: settings.runs,
      seed: this.seed,
      ...(settings.path === undefined ? {} : { path: settings.path }),
      // Each shrink step on a real broker costs a real run: shrink only within `broker.shrinkRuns` below.
      ...(settings.broker ? { endOnFailure: true } : {}),
    };
  }

  /**
   * `holds` without a promise. A run that meets a promise gives the synchronous exploration up: it fails
   * the property once (so fast-check stops there rather than spending the remaining runs) and passes every
   * call after it (so nothing is shrunk); `needsAsync` then sends the caller to the asynchronous one.
   */
  private holdsSync(messages: readonly M[], plan: DeliveryPlan): boolean {
    if (this.needsAsync || (this.stop && 'misuse' in this.stop)) return true;
    const reference = this.references.get(messages);
    if (!reference) return this.giveUpSynchronousExploration();
    try {
      let finding: Finding | undefined;
      if ('verdict' in reference) finding = reference;
      else {
        const subject = this.subjectOf(messages);
        const quick = runPlanSync(subject, plan, false);
        if (!quick) return this.giveUpSynchronousExploration();
        if (!passes(quick, reference, this.settings)) {
          const recorded = runPlanSync(subject, plan);
          if (!recorded) return this.giveUpSynchronousExploration();
          finding = judge(recorded, reference, plan, subject.messages, this.settings);
        }
      }
      if (finding) this.stop = { finding };
      return finding === undefined;
    } catch (error) {
      if (error instanceof EventspecUsageError) {
        this.stop = { misuse: error };
        return false;
      }
      this.stop = { thrown: error };
      throw error;
    }
  }

  private giveUpSynchronousExploration(): false {
    this.needsAsync = true;
    return false;
  }

  /** The property: whether one plan over one message array gives the reference result. */
  private async holds(messages: readonly M[], plan: DeliveryPlan): Promise<boolean> {
    // A usage error is a mistake in the check, not a counterexample: stop at once, shrink nothing.
    if (messages.length === 0 || (this.stop && 'misuse' in this.stop)) return true;
    try {
      const reference = await this.referenceOf(messages);
      const finding = 'verdict' in reference ? reference : await this.judged(messages, plan, reference);
      if (finding) this.stop = { finding };
      return finding === undefined;
    } catch (error) {
      if (error instanceof EventspecUsageError) {
        this.stop = { misuse: error };
        return false;
      }
      this.stop = { thrown: error };
      throw error;
    }
  }

  /** Greedy simplification after fast-check's shrinking (within `broker.shrinkRuns` on a real broker). */
  private async simplify(found: Finding): Promise<{ found: Finding; steps: number }> {
    const messages = found.messages as readonly M[];
    const original = this.originalOf(messages);
    const reference = original && this.references.get(original);
    // A hung plan costs a whole timeout per try that still hangs: only a few tries for those.
    const shrinkRuns =
      this.settings.broker?.shrinkRuns ?? (found.verdict === 'handler-timeout' ? 8 : undefined);
    if (!original || !reference || 'verdict' in reference || !simplifiable(found) || shrinkRuns === 0)
      return { found, steps: 0 };
    return reducePlan(
      found.plan,
      found,
      async (candidate) => {
        const again = await this.judged(original, candidate, reference);
        return again && sameBug(again.verdict, found.verdict) ? again : undefined;
      },
      shrinkRuns,
    );
  }

  /**
   * What is wrong with one plan, if anything. A simulated plan first runs without keeping its events (most
   * pass); only a failing one runs again, recorded, for its verdict and timeline.
   */
  private async judged(
    messages: readonly M[],
    plan: DeliveryPlan,
    reference: Reference,
  ): Promise<Finding | undefined> {
    const subject = this.subjectOf(messages);
    if (!this.settings.broker && passes(await runPlan(subject, plan, false), reference, this.settings))
      return undefined;
    return judge(await this.run(messages, plan), reference, plan, subject.messages, this.settings);
  }

  private async run(messages: readonly M[], plan: DeliveryPlan): Promise<RunOutcome> {
    const subject = this.subjectOf(messages);
    const broker = this.settings.broker;
    if (!broker) return runPlan(subject, plan);
    this.realRuns++;
    const outcome = await runOnBroker(subject, plan, broker);
    if (plan !== referencePlan) this.counter.add(outcome);
    return outcome;
  }

  private subjectOf(messages: readonly M[]): RunSubject<World, M> {
    let subject = this.subjects.get(messages);
    if (subject) return subject;
    const { settings } = this;
    subject = {
      messages: frozenCopies(messages),
      keys: messages.map(settings.keyOf),
      setup: settings.setup,
      handle: settings.handle,
      observe: settings.observe,
      crashPoints: settings.crashPoints,
      anyOrder: settings.shape.reorder === 'any',
      maxAttempts: settings.maxAttempts,
      timeout: settings.timeout,
      restart: settings.restart,
      retryBackoff: settings.retryBackoff,
      asyncLabels: this.asyncLabels,
    };
    this.subjects.set(messages, subject);
    this.copies.set(subject.messages, messages);
    return subject;
  }

  /** The caller's array behind the frozen copies a finding carries. */
  private readonly copies = new WeakMap<readonly M[], readonly M[]>();

  private originalOf(copies: readonly M[]): readonly M[] | undefined {
    return this.copies.get(copies);
  }

  private async referenceOf(messages: readonly M[]): Promise<Reference | Finding> {
    let reference = this.references.get(messages);
    if (!reference) {
      // The simulation itself (not a wrapper) lets the reference reuse its determinism run.
      const run = this.settings.broker
        ? (_: unknown, plan: DeliveryPlan) => this.run(messages, plan)
        : runPlan;
      reference = await referenceRun(this.subjectOf(messages), this.settings, run);
      this.references.set(messages, reference);
    }
    return reference;
  }

  private onlySeed(): Explored {
    return { seed: this.seed, counterexamplePath: null, numRuns: 0, numShrinks: 0 };
  }

  private failure(finding: Finding, details: Explored | undefined, planReplay: boolean): DeliveryCheckError {
    const { broker } = this.settings;
    return failureOf(finding, this.settings, details, {
      planReplay,
      ...(broker ? { realRuns: { runs: this.realRuns, consumers: broker.consumers } } : {}),
    });
  }

  private report(
    runs: number,
    seed: number | undefined,
    reference: Reference | undefined,
  ): DeliveryCheckReport {
    const fixed = this.settings.fixed;
    return {
      runs,
      seed,
      poisonMessages: reference && fixed ? reference.outcome.deadLettered.map((index) => fixed[index]!) : [],
      ...(this.settings.broker ? { realRuns: this.realRuns, realFaults: this.counter.faults } : {}),
    };
  }
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
