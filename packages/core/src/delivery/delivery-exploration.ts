import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { freshSeed } from '../options/fresh-seed.js';
import { runOnBroker } from './broker-run.js';
import type { DeliveryCheckReport } from './check-delivery.js';
import type { DeliveryCheckError } from './delivery-check-error.js';
import { type DeliveryPlan, deliveryPlans, referencePlan } from './delivery-plan.js';
import { runPlan } from './delivery-run.js';
import type { DeliverySettings } from './delivery-settings.js';
import { type Explored, type Finding, failureOf } from './failure-report.js';
import { judge, passes, type Reference, referenceRun } from './judge-run.js';
import { simplifyFinding } from './plan-simplification.js';
import { RealFaultCounter } from './real-faults.js';
import type { RunOutcome } from './run-outcome.js';
import { RunSubjects } from './run-subjects.js';
import { type Stop, SynchronousExploration, stopOf } from './synchronous-exploration.js';

/**
 * One `checkDelivery` call as named steps: replay a given plan, or explore plans with fast-check, simplify
 * the failing one (`plan-simplification.ts`), and turn it into the error a user reads. References are cached
 * per message array here, run subjects in `RunSubjects`.
 */
export class DeliveryExploration<World, M extends Message> {
  private readonly subjects: RunSubjects<World, M>;
  private readonly references = new WeakMap<readonly M[], Reference | Finding>();
  private readonly counter = new RealFaultCounter();
  private readonly seed: number;
  private realRuns = 0;
  private stop: Stop | undefined;

  constructor(private readonly settings: DeliverySettings<World, M>) {
    this.seed = settings.seed ?? freshSeed();
    this.subjects = new RunSubjects(settings);
  }

  /** With `plan` (or a fixed reference that already fails): the report or the failure, without exploring. */
  async replayFixedPlan(): Promise<DeliveryCheckReport | undefined> {
    const { fixed, plan } = this.settings;
    if (!fixed) return undefined;
    const reference = await this.referenceOf(fixed);
    if ('verdict' in reference) {
      const onlySeed: Explored = { seed: this.seed, counterexamplePath: null, numRuns: 0, numShrinks: 0 };
      throw this.failure(reference, onlySeed, false);
    }
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
    const { fixed, messages } = this.settings;
    // Over fixed messages, the plans alone, as `SynchronousExploration.explore` draws them: the same draws,
    // shrinks and paths as a tuple with the constant messages, with one value less per plan.
    const property = fixed
      ? fc.asyncProperty(plans, (plan) => this.holds(fixed, plan))
      : fc.asyncProperty(fc.tuple(messages, plans), ([generated, plan]) => this.holds(generated, plan));
    return { details: await fc.check(property, this.checkParameters()) };
  }

  /**
   * The same exploration without a promise per plan (`SynchronousExploration`) when every callback is
   * synchronous. `undefined` when it does not apply, or when a run met a promise after all (the exploration
   * is then done again asynchronously, from the start).
   */
  private async exploreSynchronously(
    plans: fc.Arbitrary<DeliveryPlan>,
  ): Promise<{ details: fc.RunDetails<unknown> } | undefined> {
    const { settings } = this;
    const fixed = settings.fixed;
    if (!fixed || fixed.length === 0 || settings.broker) return undefined;
    const reference = await this.referenceOf(fixed);
    if (!('verdict' in reference) && !reference.outcome.synchronous) return undefined;
    const exploration = new SynchronousExploration(settings, this.subjects, this.references);
    const explored = exploration.explore(fixed, plans, this.checkParameters());
    if (explored) this.stop = exploration.stop;
    return explored;
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

  /** The property: whether one plan over one message array gives the reference result. */
  private async holds(messages: readonly M[], plan: DeliveryPlan): Promise<boolean> {
    // A usage error is a mistake in the check, not a counterexample: stop at once, shrink nothing.
    if (messages.length === 0 || (this.stop && 'misuse' in this.stop)) return true;
    try {
      // The reference is known after the first plan: no promise to look it up.
      const reference = this.references.get(messages) ?? (await this.referenceOf(messages));
      if ('verdict' in reference) {
        this.stop = { finding: reference as Finding };
        return false;
      }
      // `judged`, with one promise less for the plans that pass (most do).
      const quick = this.settings.broker ? undefined : await runPlan(this.subjects.of(messages), plan, false);
      if (quick && passes(quick, reference, this.settings)) return true;
      const finding = await this.recordedFinding(messages, plan, reference);
      if (finding) this.stop = { finding };
      return finding === undefined;
    } catch (error) {
      this.stop = stopOf(error);
      if ('thrown' in this.stop) throw error;
      return false;
    }
  }

  /** Greedy simplification after fast-check's shrinking (within `broker.shrinkRuns` on a real broker). */
  private simplify(found: Finding): Promise<{ found: Finding; steps: number }> {
    const original = this.subjects.originalOf(found.messages as readonly M[]);
    const reference = original && this.references.get(original);
    return simplifyFinding(found, {
      original,
      cleanReference: reference !== undefined && !('verdict' in reference),
      // A hung plan costs a whole timeout per try that still hangs: only a few tries for those.
      shrinkRuns: this.settings.broker?.shrinkRuns ?? (found.verdict === 'handler-timeout' ? 8 : undefined),
      judged: (messages, plan) => this.judged(messages, plan, reference as Reference),
    });
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
    const subject = this.subjects.of(messages);
    if (!this.settings.broker && passes(await runPlan(subject, plan, false), reference, this.settings))
      return undefined;
    return this.recordedFinding(messages, plan, reference);
  }

  /** The verdict of a plan run again with its events (or run once through a real broker). */
  private async recordedFinding(
    messages: readonly M[],
    plan: DeliveryPlan,
    reference: Reference,
  ): Promise<Finding | undefined> {
    const outcome = await this.run(messages, plan);
    return judge(outcome, reference, plan, this.subjects.of(messages).messages, this.settings);
  }

  private async run(messages: readonly M[], plan: DeliveryPlan): Promise<RunOutcome> {
    const subject = this.subjects.of(messages);
    const broker = this.settings.broker;
    if (!broker) return runPlan(subject, plan);
    this.realRuns++;
    const outcome = await runOnBroker(subject, plan, broker);
    if (plan !== referencePlan) this.counter.add(outcome);
    return outcome;
  }

  private async referenceOf(messages: readonly M[]): Promise<Reference | Finding> {
    let reference = this.references.get(messages);
    if (!reference) {
      // The simulation itself (not a wrapper) lets the reference reuse its determinism run.
      const run = this.settings.broker
        ? (_: unknown, plan: DeliveryPlan) => this.run(messages, plan)
        : runPlan;
      reference = await referenceRun(this.subjects.of(messages), this.settings, run);
      this.references.set(messages, reference);
    }
    return reference;
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
