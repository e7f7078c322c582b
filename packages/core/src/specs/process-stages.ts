import type { Duration } from '../clock/duration.js';
import type { Instant } from '../clock/instant.js';
import type { ErrorExpectation } from './error-expectation.js';
import type { ExpectedOutputs } from './process-expectations.js';
import type { ProcessOutput } from './process-manager.js';
import type { Scheduled } from './process-run.js';

/**
 * A process-manager scenario between steps: every step so far is checked. Start the next step, check the
 * state again, or `await` it (needed when `react` is async; it rejects with the first failure).
 */
export interface ProcessReady<Input, State> extends PromiseLike<void> {
  /** Delivers an event (or a reply) to the process manager: the step the next check looks at. */
  when(event: Input): ProcessStep<Input, State>;
  /** Moves the virtual clock forward; scheduled messages that come due are delivered on the way. */
  advanceBy(duration: Duration): ProcessStep<Input, State>;
  /** Moves the virtual clock to `instant`; scheduled messages that come due are delivered on the way. */
  advanceTo(instant: Instant): ProcessStep<Input, State>;
  /** Expects the state after the last step: strictly equal, or accepted by a predicate. */
  thenState(expected: State | ((state: State) => boolean | undefined)): ProcessReady<Input, State>;
  /** Scheduled messages not yet due or cancelled, earliest first. */
  pendingSchedules(): readonly Scheduled[];
}

/** The start of a process-manager scenario: where the clock starts, and the past events. */
export interface ProcessStart<Input, State> extends ProcessReady<Input, State> {
  /** Sets the virtual time the scenario starts at. */
  at(instant: Instant): ProcessStart<Input, State>;
  /** Past events, delivered in order; their outputs are applied (schedules kept) but not checked. */
  given(events: readonly Input[]): ProcessReady<Input, State>;
}

/**
 * A step that ran and awaits its check. It cannot be awaited (TypeScript refuses it too): an unchecked
 * step would pass silently.
 */
export interface ProcessStep<Input, State> {
  /**
   * Expects exactly these outputs of the step; a kind left out means none of it. Schedules are
   * `{ message, at }` or `{ message, after }` (from the step's start), with `id` when one was given.
   */
  then(expected: ExpectedOutputs): ProcessReady<Input, State>;
  /** Expects outputs matching these patterns, only for the kinds named. */
  thenMatch(expected: ExpectedOutputs): ProcessReady<Input, State>;
  /**
   * Expects exactly these outputs of the step, in this order across kinds (a command sent before or
   * after an event is published), written as `react` returns them: `[send(command), publish(event)]`.
   */
  thenInOrder(expected: readonly ProcessOutput[]): ProcessReady<Input, State>;
  /** Expects the step to make no output at all. */
  thenNothing(): ProcessReady<Input, State>;
  /** Expects `react` to have thrown in the step. */
  thenError(...expectation: ErrorExpectation): ProcessReady<Input, State>;
  /** Expects the state after the step: strictly equal, or accepted by a predicate. */
  thenState(expected: State | ((state: State) => boolean | undefined)): ProcessReady<Input, State>;
}
