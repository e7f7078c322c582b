import { checkCausality } from '../causality/check-causality.js';
import { defaultStartInstant } from '../clock/virtual-clock.js';
import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { typeName } from '../format/type-name.js';
import { isThenable, type MaybePromise, settle } from './maybe-async.js';
import type { ProcessManager } from './process-manager.js';
import { noOutputs, ProcessRun, type StepOutputs } from './process-run.js';
import { describeThrown, scenarioFailure, unfinishedScenario } from './scenario-failure.js';
import { recorded } from './scenario-record.js';
import { causalityOptions, type SpecSettings, stepTimeout } from './spec-settings.js';
import { isTimeout } from './step-timeout.js';
import { watching, watchScenario } from './unawaited-scenarios.js';

/** One step of a process-manager scenario: what ran, what it made, and whether it was checked. */
export interface Step {
  label: string;
  /** Where this step's links and outputs start in the run's lists. */
  firstLink: number;
  firstOutput: number;
  when?: unknown;
  startMs: number;
  outputs: StepOutputs;
  error?: unknown;
  checked: boolean;
}

/** Fails a check: the code, the headline, the lines under the scenario, and what to diff. */
export type Fail = (
  code: string,
  headline: string,
  body: string[],
  diff?: { actual: unknown; expected: unknown },
  thenText?: string,
  cause?: unknown,
) => never;

/**
 * The engine of a process-manager scenario: the run, the steps so far, and the queue that keeps a sync
 * `react` synchronous and chains an async one; {@link processScenario}'s stages are built on it.
 */
export abstract class ProcessSteps<Input, State> {
  protected run: ProcessRun<Input, State> | undefined;
  protected startMs = defaultStartInstant.getTime();
  protected explicitAt = false;
  protected readonly history: { kind: 'event'; value: unknown }[] = [];
  protected readonly passed: string[] = [];
  private awaited = false;
  protected step: Step | undefined;
  private pending: Promise<void> | undefined;

  /** @internal */
  constructor(
    protected readonly manager: ProcessManager<Input, State>,
    protected readonly settings: SpecSettings & { name?: string },
  ) {}

  protected check(
    stepName: string,
    then: string | ((step: Step) => string),
    options: { again?: boolean },
    verify: (step: Step, fail: Fail) => void,
  ): this {
    return this.enqueue(() => {
      const step = this.step;
      if (!step || (step.checked && !options.again)) {
        throw new EventspecUsageError(
          'EVENTSPEC_SPEC_NO_WHEN',
          `${stepName} checks a step, but there is none to check: call when(event), advanceBy(duration) or advanceTo(instant) first.`,
        );
      }
      let thenShown = typeof then === 'function' ? then(step) : then;
      const outline = () => ({
        ...(this.explicitAt ? { at: new Date(this.startMs) } : {}),
        given: this.history,
        before: [...this.passed],
        whenLabel: step.label,
        then: thenShown || stepName,
      });
      recorded('process', this.settings.name, outline, () =>
        verify(step, (code, headline, body, diff, thenText, cause) => {
          if (thenText !== undefined) thenShown = thenText;
          throw scenarioFailure(code, headline, outline(), body, diff, cause ?? step.error);
        }),
      );
      if (step.checked) return;
      const causality = causalityOptions(this.settings);
      if (causality && !('error' in step)) {
        checkCausality(this.started().links.slice(step.firstLink), {
          name: `process step: ${step.label}`,
          ...causality,
        });
      }
      step.checked = true;
      this.passed.push(`✓ ${step.label}`);
    });
  }

  protected givenNow(events: readonly Input[]): MaybePromise<void> {
    const run = this.started();
    const deliverFrom = (index: number): MaybePromise<void> => {
      for (let i = index; i < events.length; i++) {
        const event = events[i] as Input;
        this.history.push({ kind: 'event', value: event });
        const delivered = settle(() => run.deliver(event, noOutputs()));
        const onSettled = (outcome: { ok: boolean; error?: unknown }) => {
          if (!outcome.ok) {
            throw new EventspecError(
              'EVENTSPEC_SPEC_GIVEN_FAILED',
              `The scenario's history could not be built: react threw on ${typeName(event)} at given[${i}]: ${describeThrown(outcome.error)}.`,
              { cause: outcome.error },
            );
          }
        };
        if (isThenable(delivered))
          return delivered.then((outcome) => {
            onSettled(outcome);
            return deliverFrom(i + 1);
          });
        onSettled(delivered);
      }
      return undefined;
    };
    return deliverFrom(0);
  }

  protected runStep(
    step: Pick<Step, 'label' | 'when'>,
    act: (run: ProcessRun<Input, State>, into: StepOutputs) => MaybePromise<void>,
  ): MaybePromise<void> {
    const run = this.started();
    const current: Step = {
      ...step,
      firstLink: run.links.length,
      firstOutput: run.outputLog.length,
      startMs: run.clock.nowMs(),
      outputs: noOutputs(),
      checked: false,
    };
    this.step = current;
    const done = settle(() => act(run, current.outputs));
    const record = (outcome: { ok: boolean; error?: unknown }) => {
      if (outcome.ok) return;
      if (outcome.error instanceof EventspecUsageError || isTimeout(outcome.error)) throw outcome.error;
      current.error = outcome.error;
    };
    return isThenable(done) ? done.then(record) : record(done);
  }

  protected started(): ProcessRun<Input, State> {
    this.run ??= new ProcessRun(this.manager, this.startMs, stepTimeout(this.settings));
    return this.run;
  }

  protected requireChecked(stepName: string): void {
    if (this.step && !this.step.checked) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_STEP_UNCHECKED',
        `${stepName} was called while the step "${this.step.label}" is unchecked. ` +
          'Check each step before the next: then({...}), thenMatch({...}), thenNothing(), thenError(...) or thenState(...).',
      );
    }
  }

  protected enqueue(action: () => MaybePromise<void>): this {
    if (this.pending) {
      this.pending = this.pending.then(action);
      if (watching()) this.pending.catch(() => undefined);
      return this;
    }
    const result = action();
    if (isThenable(result)) {
      this.pending = Promise.resolve(result);
      // Watched for a missing await: the chain as it stands when the test ends, awaited once settle() ran.
      watchScenario(
        { then: (onFulfilled, onRejected) => this.chain().then(onFulfilled, onRejected) },
        () => this.awaited,
        () => `processScenario${this.settings.name ? ` ${this.settings.name}` : ''}`,
      );
      if (watching()) this.pending.catch(() => undefined);
    }
    return this;
  }

  private chain(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  /** `await`: waits for an async process manager; fails when a step was left unchecked. */
  protected settle(
    onFulfilled?: (value: undefined) => unknown,
    onRejected?: (reason: unknown) => unknown,
  ): Promise<unknown> {
    this.awaited = true;
    const finished = () => {
      if (this.step && !this.step.checked) throw unfinishedScenario('process');
    };
    const done = this.pending ? this.pending.then(finished) : settleNow(finished);
    return done.then(onFulfilled && (() => onFulfilled(undefined)), onRejected);
  }
}

function settleNow(action: () => void): Promise<void> {
  try {
    action();
    return Promise.resolve();
  } catch (error) {
    return Promise.reject(error);
  }
}
