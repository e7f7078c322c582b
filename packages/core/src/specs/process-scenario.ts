import { type Duration, toMilliseconds } from '../clock/duration.js';
import { type Instant, toEpochMs } from '../clock/instant.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { type CompareMode, differencesIn, equalsIn } from '../matching/compare.js';
import { checkModel } from './check-model.js';
import { describeMessage } from './describe-scenario.js';
import {
  describeErrorExpectation,
  type ErrorExpectation,
  errorExpectation,
  mismatchOf,
} from './error-expectation.js';
import {
  compareOutputs,
  describeExpected,
  type ExpectedOutputs,
  normalizeExpected,
  outputsMeet,
  stripOutputs,
} from './process-expectations.js';
import type { ProcessManager, ProcessOutput } from './process-manager.js';
import {
  compareOrdered,
  describeOrdered,
  normalizeOrdered,
  sameOrder,
  stripOrdered,
} from './process-order.js';
import type { ProcessStart } from './process-stages.js';
import { ProcessSteps } from './process-steps.js';
import { describeThrown } from './scenario-failure.js';
import { checkSpecSettings, ignoredPaths, optionKeysOf, type SpecSettings } from './spec-settings.js';

/**
 * A multi-step spec of a process manager: given past events, when an event (or a clock advance), then
 * the outputs it made, by kind; then the next step. With a sync `react` every step is checked at once;
 * with an async one, await the scenario.
 * @example
 * processScenario(payment)
 *   .given([orderPlaced])
 *   .when(paymentRequested)
 *   .then({ schedule: [{ message: paymentTimedOut, after: '15m', id: 'timeout' }] })
 *   .advanceBy('15m')
 *   .then({ due: [paymentTimedOut], send: [cancelOrder] });
 */
export function processScenario<Input, State>(
  manager: ProcessManager<Input, State>,
  options: SpecSettings & { name?: string } = {},
): ProcessStart<Input, State> {
  checkModel('processScenario()', manager);
  checkSpecSettings('processScenario()', options, optionKeysOf['processScenario()']);
  return new ProcessScenario(manager, options ?? {}) as unknown as ProcessStart<Input, State>;
}

/** The stages of {@link processScenario}: each method runs or checks one step. */
class ProcessScenario<Input, State> extends ProcessSteps<Input, State> {
  /** Sets the virtual time the scenario starts at; only before its first step (then use `advanceTo`). */
  at(instant: Instant): this {
    if (this.run) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_AT_AFTER_START',
        'at() sets where the clock starts, so it goes before given() and when(). To move the clock later, use advanceTo(instant) or advanceBy(duration).',
      );
    }
    this.startMs = toEpochMs(instant, 'processScenario(...).at()');
    this.explicitAt = true;
    return this;
  }

  /** Past events, delivered in order; their outputs are applied (schedules kept) but not checked. */
  given(events: readonly Input[]): this {
    if (!Array.isArray(events)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_GIVEN_NOT_ARRAY',
        'given() takes an array of past events: given([event]); for no history, leave given() out.',
      );
    }
    this.requireChecked('given()');
    return this.enqueue(() => this.givenNow(events));
  }

  /** Delivers an event (or a reply) to the process manager: the step the next `then` checks. */
  when(event: Input): this {
    this.requireChecked('when()');
    return this.enqueue(() =>
      this.runStep({ label: describeMessage(event), when: event }, (run, into) => run.deliver(event, into)),
    );
  }

  /** Moves the virtual clock forward; scheduled messages that come due are delivered on the way. */
  advanceBy(duration: Duration): this {
    this.requireChecked('advanceBy()');
    const ms = toMilliseconds(duration, 'advanceBy()');
    return this.enqueue(() => {
      const run = this.started();
      const target = run.clock.nowMs() + ms;
      return this.runStep(
        { label: `the clock advances by ${String(duration)} to ${new Date(target).toISOString()}` },
        (r, into) => r.advanceTo(target, into),
      );
    });
  }

  /** Moves the virtual clock to `instant`; scheduled messages that come due are delivered on the way. */
  advanceTo(instant: Instant): this {
    this.requireChecked('advanceTo()');
    const target = toEpochMs(instant, 'advanceTo()');
    return this.enqueue(() => {
      const now = this.started().clock.nowMs();
      if (target < now) {
        throw new EventspecUsageError(
          'EVENTSPEC_SPEC_CLOCK_BACKWARDS',
          `advanceTo(${new Date(target).toISOString()}) would move the clock back: it is already ` +
            `${new Date(now).toISOString()}. The virtual clock only moves forward (as advanceBy refuses a ` +
            'negative duration): give an instant at or after the current time.',
        );
      }
      return this.runStep({ label: `the clock advances to ${new Date(target).toISOString()}` }, (run, into) =>
        run.advanceTo(target, into),
      );
    });
  }

  /**
   * Expects exactly these outputs of the last step; a kind left out means none of it. Schedules are
   * `{ message, at }` or `{ message, after }` (from the step's start), with `id` when one was given.
   */
  then(expected: unknown, onRejected?: (reason: unknown) => unknown): unknown {
    if (typeof expected === 'function' || expected === undefined || expected === null) {
      return this.settle(expected as ((value: undefined) => unknown) | undefined, onRejected);
    }
    return this.checkOutputs('then()', expected as ExpectedOutputs, 'strict');
  }

  /** Expects outputs matching these patterns, only for the kinds named; other kinds are not checked. */
  thenMatch(expected: ExpectedOutputs): this {
    return this.checkOutputs('thenMatch()', expected, 'pattern');
  }

  /** Expects the last step to make no output at all. */
  thenNothing(): this {
    return this.checkOutputs('thenNothing()', {}, 'strict');
  }

  /** Expects `react` to have thrown in the last step. */
  thenError(...expectation: ErrorExpectation): this {
    const wanted = errorExpectation(expectation);
    return this.check('thenError()', `an error: ${describeErrorExpectation(wanted)}`, {}, (step, fail) => {
      if (!('error' in step))
        fail('EVENTSPEC_SPEC_ERROR_EXPECTED', 'thenError() failed: react did not throw.', []);
      if (!(step.error instanceof Error))
        fail(
          'EVENTSPEC_SPEC_WRONG_ERROR',
          `thenError() failed: react threw ${describeThrown(step.error)}, not an Error.`,
          [],
        );
      const mismatch = mismatchOf(wanted, step.error as Error);
      if (mismatch)
        fail(
          'EVENTSPEC_SPEC_WRONG_ERROR',
          `thenError() failed: react threw ${describeThrown(step.error)}, but ${mismatch}.`,
          [],
        );
    });
  }

  /**
   * Expects the process manager's state after the last step (checked or not, by then, thenError or another
   * thenState): strictly equal, or accepted by a predicate (which may throw its own assertion error).
   */
  thenState(expected: State | ((state: State) => boolean | undefined)): this {
    const predicate = typeof expected === 'function';
    const then = predicate ? 'a state the predicate accepts' : 'the given state';
    return this.check('thenState()', then, { again: true }, (step, fail) => {
      if ('error' in step && !step.checked)
        fail(
          'EVENTSPEC_SPEC_UNEXPECTED_ERROR',
          `thenState() failed: react threw ${describeThrown(step.error)}.`,
          ['If throwing is right here, expect it with thenError(...) first; thenState(...) may follow it.'],
        );
      const state = this.started().state;
      if (predicate) {
        const shown = [`  state  ${formatInline(state, 200)}`];
        let verdict: boolean | undefined;
        try {
          verdict = (expected as (state: State) => boolean | undefined)(state);
        } catch (error) {
          fail(
            'EVENTSPEC_SPEC_STATE_MISMATCH',
            `thenState() failed: the predicate threw ${describeThrown(error)}.`,
            shown,
            undefined,
            undefined,
            error,
          );
        }
        if (verdict === false)
          fail('EVENTSPEC_SPEC_STATE_MISMATCH', 'thenState() failed: the predicate returned false.', shown);
        return;
      }
      if (equalsIn('strict', state, expected)) return;
      const lines = differencesIn('strict', state, expected).map(
        (d) => `  ${describeDifference(d, 'state')}`,
      );
      fail('EVENTSPEC_SPEC_STATE_MISMATCH', 'thenState() failed: the state differs.', lines, {
        actual: state,
        expected,
      });
    });
  }

  /**
   * Expects exactly these outputs of the last step in this order across kinds (a command sent before or
   * after an event is published), written as `react` returns them: `[send(c), publish(e)]`.
   */
  thenInOrder(expected: readonly ProcessOutput[]): this {
    normalizeOrdered(expected, 0);
    return this.check(
      'thenInOrder()',
      (step) => describeOrdered(normalizeOrdered(expected, step.startMs)),
      {},
      (step, fail) => {
        if ('error' in step) {
          fail(
            'EVENTSPEC_SPEC_UNEXPECTED_ERROR',
            `thenInOrder() failed: react threw ${describeThrown(step.error)}.`,
            ['If throwing is right here, expect it with thenError(...).'],
          );
        }
        const paths = ignoredPaths(this.settings);
        const actual = stripOrdered(this.started().outputLog.slice(step.firstOutput), paths);
        const wanted = stripOrdered(normalizeOrdered(expected, step.startMs), paths);
        if (sameOrder(actual, wanted)) return;
        const { lines, summary } = compareOrdered(actual, wanted);
        fail(
          'EVENTSPEC_SPEC_OUTPUTS_MISMATCH',
          `thenInOrder() failed: ${summary.replace('event', 'output').replace('events', 'outputs')}.`,
          lines,
          {
            actual,
            expected: wanted,
          },
        );
      },
    );
  }

  /** Scheduled messages not yet due or cancelled (after the steps so far), earliest first. */
  pendingSchedules() {
    return this.started().pending();
  }

  private checkOutputs(stepName: string, expected: ExpectedOutputs, mode: CompareMode): this {
    if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_BAD_OUTPUTS',
        `${stepName} takes the expected outputs by kind: { send: [...], publish: [...], schedule: [...], cancel: [...], due: [...] }` +
          ` — got ${formatInline(expected, 60)}.`,
      );
    }
    return this.check(
      stepName,
      (step) => describeExpected(normalizeExpected(expected, step.startMs), mode),
      {},
      (step, fail) => {
        const wanted = stripOutputs(normalizeExpected(expected, step.startMs), ignoredPaths(this.settings));
        if ('error' in step) {
          fail(
            'EVENTSPEC_SPEC_UNEXPECTED_ERROR',
            `${stepName} failed: react threw ${describeThrown(step.error)}.`,
            ['If throwing is right here, expect it with thenError(...).'],
          );
        }
        const paths = ignoredPaths(this.settings);
        const outputs = stripOutputs(step.outputs, paths);
        if (outputsMeet(outputs, wanted, mode)) return;
        const { lines, summary } = compareOutputs(outputs, wanted, mode);
        fail(
          'EVENTSPEC_SPEC_OUTPUTS_MISMATCH',
          `${stepName} failed: ${summary}.`,
          lines,
          { actual: outputs, expected: wanted },
          describeExpected(wanted, mode),
        );
      },
    );
  }
}
