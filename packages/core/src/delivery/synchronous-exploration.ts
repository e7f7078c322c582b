import * as fc from 'fast-check';
import type { Message } from '../broker/message.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import type { DeliveryPlan } from './delivery-plan.js';
import { runPlanSync } from './delivery-run.js';
import type { DeliverySettings } from './delivery-settings.js';
import type { Finding } from './failure-report.js';
import { judge, passes, type Reference } from './judge-run.js';
import type { RunSubject } from './run-outcome.js';
import type { RunSubjects } from './run-subjects.js';

/** How a property run ended besides passing: a finding, a user error to rethrow, or a misuse of the check. */
export type Stop = { finding: Finding } | { thrown: unknown } | { misuse: EventspecUsageError };

/** The stop an error thrown by a run means: a usage error is a misuse of the check, anything else the user's. */
export function stopOf(error: unknown): Exclude<Stop, { finding: Finding }> {
  return error instanceof EventspecUsageError ? { misuse: error } : { thrown: error };
}

/**
 * The exploration with a synchronous property, for checks whose callbacks are all synchronous (fixed
 * messages, no broker, a reference run without a promise): the plans, their order, the shrinking and the
 * verdicts are those of the asynchronous one, without a promise per plan.
 */
export class SynchronousExploration<World, M extends Message> {
  stop: Stop | undefined;
  /** Set when a run met a promise: the exploration is given up and done again asynchronously. */
  private needsAsync = false;

  constructor(
    private readonly settings: DeliverySettings<World, M>,
    private readonly subjects: RunSubjects<World, M>,
    private readonly references: WeakMap<readonly M[], Reference | Finding>,
  ) {}

  /** fast-check's run details over the fixed `messages`, or `undefined` when a run met a promise after all. */
  explore(
    messages: readonly M[],
    plans: fc.Arbitrary<DeliveryPlan>,
    parameters: fc.Parameters<unknown>,
  ): { details: fc.RunDetails<unknown> } | undefined {
    // The plans alone are drawn and shrunk: `fc.tuple(fc.constant(messages), plans)` would draw the same
    // plans with the same shrinks (a constant draws nothing and never shrinks), hence the same seeds and
    // paths, with one value more per plan. Subject and reference are looked up once: every plan runs over
    // the same messages, against the same reference.
    const reference = this.references.get(messages);
    const subject = this.subjects.of(messages);
    const property = fc.property(plans, (plan) => this.holds(subject, reference, plan));
    const details = fc.check(property, parameters);
    return this.needsAsync ? undefined : { details };
  }

  /**
   * Whether one plan gives the reference result. A run that meets a promise gives the synchronous
   * exploration up: it fails the property once (so fast-check stops there rather than spending the
   * remaining runs) and passes every call after it (so nothing is shrunk).
   */
  private holds(
    subject: RunSubject<World, M>,
    reference: Reference | Finding | undefined,
    plan: DeliveryPlan,
  ): boolean {
    if (this.needsAsync || (this.stop && 'misuse' in this.stop)) return true;
    if (!reference) return this.giveUp();
    try {
      let finding: Finding | undefined;
      if ('verdict' in reference) finding = reference;
      else {
        const quick = runPlanSync(subject, plan, false);
        if (!quick) return this.giveUp();
        if (!passes(quick, reference, this.settings)) {
          const recorded = runPlanSync(subject, plan);
          if (!recorded) return this.giveUp();
          finding = judge(recorded, reference, plan, subject.messages, this.settings);
        }
      }
      if (finding) this.stop = { finding };
      return finding === undefined;
    } catch (error) {
      this.stop = stopOf(error);
      if ('thrown' in this.stop) throw error;
      return false;
    }
  }

  private giveUp(): false {
    this.needsAsync = true;
    return false;
  }
}
