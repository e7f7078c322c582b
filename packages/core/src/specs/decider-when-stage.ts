import { checkCausality } from '../causality/check-causality.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { recording } from '../records/spec-record.js';
import type { DecideContext, Decider } from './decider.js';
import { checkExactEvents, checkMatchingEvents, checkNoEvents } from './decider-event-checks.js';
import { checkRejection, checkState } from './decider-result-checks.js';
import { foldNewEvents } from './decision.js';
import {
  describeMessage,
  describePatterns,
  describeTypes,
  type ScenarioOutline,
} from './describe-scenario.js';
import { describeErrorExpectation, type ErrorExpectation, errorExpectation } from './error-expectation.js';
import { type InAnyOrder, isInAnyOrder } from './in-any-order.js';
import { andThen, isThenable, type MaybePromise } from './maybe-async.js';
import { type DeciderOutcome, type DeciderPlan, historySteps, runDecider } from './run-decider.js';
import { describeThrown, nonErrorThrown, scenarioFailure, unfinishedScenario } from './scenario-failure.js';
import { recorded } from './scenario-record.js';
import { causalityOptions } from './spec-settings.js';
import { stateChangedBy } from './state-change.js';
import { watchedScenario } from './unawaited-scenarios.js';

/** A pattern for `thenMatch`: a partial event, with asymmetric matchers where any value will do. */
export type EventPattern<Event> = Event extends object ? DeepPattern<Event> : Event | object;
type DeepPattern<T> = {
  [K in keyof T]?: T[K] extends object ? DeepPattern<T[K]> | T[K] | object : T[K] | object;
};

/** A scenario with its command: end it with one terminal step. */
export class DeciderWhenStage<Command, Event, State, Context extends DecideContext, Done> {
  /** @internal */
  constructor(
    private readonly decider: Decider<Command, Event, State, Context>,
    private readonly plan: DeciderPlan<Command, Event, Context>,
    private readonly command: Command,
  ) {}

  /**
   * Expects exactly these events: same count, same order, strictly equal (Dates, Maps, Sets, BigInts,
   * typed arrays, and `undefined` versus a missing key all compared as they are); an `inAnyOrder([...])`
   * group stands for that many events, strictly equal, in any order.
   */
  then(expected: readonly (Event | InAnyOrder<Event>)[]): Done;
  /** @deprecated Awaiting a scenario without a terminal step fails: it would check nothing. */
  then(onFulfilled: (value: never) => unknown, onRejected?: (reason: unknown) => unknown): Done;
  then(expected: unknown, onRejected?: (reason: unknown) => unknown): Done {
    if (typeof expected === 'function') {
      (onRejected ?? (() => undefined))(unfinishedScenario('decider'));
      return undefined as Done;
    }
    this.requireArray('then', expected, 'thenNothing()');
    const events = expected as readonly unknown[];
    const grouped = events.some(isInAnyOrder);
    return this.check(
      'then()',
      () => (grouped ? describePatterns(events) : describeTypes(events)),
      (seen, outline) => checkExactEvents(seen, events, this.plan.settings, outline),
      events,
    );
  }

  /**
   * Expects events matching these patterns, in order, one event per pattern: each pattern names only the
   * fields it checks and may hold asymmetric matchers; an `inAnyOrder([...])` group matches its events in
   * any order.
   */
  thenMatch(patterns: readonly (EventPattern<Event> | InAnyOrder<EventPattern<Event>>)[]): Done {
    this.requireArray('thenMatch', patterns, 'thenNothing()');
    return this.check(
      'thenMatch()',
      () => describePatterns(patterns),
      (seen, outline) => checkMatchingEvents(seen, patterns, this.plan.settings, outline),
      patterns,
    );
  }

  /** Expects no events. */
  thenNothing(): Done {
    return this.check('thenNothing()', 'no events', checkNoEvents);
  }

  /**
   * Expects `decide` to reject the command: with an error of this class (any error when left out), whose
   * message contains the text, matches the RegExp, or satisfies the predicate.
   */
  thenError(...expectation: ErrorExpectation): Done {
    const wanted = errorExpectation(expectation);
    const described = describeErrorExpectation(wanted);
    return this.done(
      andThen(this.outcome(), (outcome) => {
        const { result } = outcome;
        return recorded(
          'decider',
          this.plan.subject,
          () => this.outline(`an error: ${described}`),
          () => {
            const outline = this.outline(`an error: ${described}`);
            this.requireStateUnchanged('thenError()', outcome, outline);
            checkRejection(result, wanted, outline);
          },
        );
      }),
    );
  }

  /**
   * Expects the state after the command's events: strictly equal to `expected`, or accepted by the
   * predicate (which may also throw its own assertion error).
   */
  thenState(expected: State | ((state: State) => boolean | undefined)): Done {
    const predicate = typeof expected === 'function';
    return this.check(
      'thenState()',
      predicate ? 'a state the predicate accepts' : 'the given state',
      (_, outline, state) => checkState(state, expected, outline),
    );
  }

  /**
   * Runs the scenario, checks that `decide` left its state alone, folds the new events with `evolve`, and
   * hands the events and the state after them to `verify`; a decide that throws fails the step.
   */
  private check(
    step: string,
    then: string | (() => string),
    verify: (actual: readonly Event[], outline: () => ScenarioOutline, stateAfter: State) => void,
    /** The expected events (or patterns), for the report to show with their data. */
    thenEvents?: readonly unknown[],
  ): Done {
    const outline = () => this.outline(then, thenEvents);
    const settle = (outcome: DeciderOutcome<Event, State>) => {
      this.requireStateUnchanged(step, outcome, outline);
      if (outcome.result.ok) {
        const events = outcome.result.value;
        const stateAfter = foldNewEvents(this.decider, outcome.stateBefore, events, step, outline);
        verify(events, outline, stateAfter);
        const causality = causalityOptions(this.plan.settings);
        if (causality)
          checkCausality(outcome.links, { name: `scenario: when ${typeName(this.command)}`, ...causality });
        return;
      }
      const { error } = outcome.result;
      if (!(error instanceof Error)) throw nonErrorThrown(step, error);
      throw scenarioFailure(
        'EVENTSPEC_SPEC_UNEXPECTED_ERROR',
        `${step.replace(/\(.*\)$/, '()')} failed: decide threw ${describeThrown(error)}.`,
        outline,
        ['If rejecting this command is right, expect it with thenError(...).'],
        undefined,
        error,
      );
    };
    return this.done(
      andThen(this.outcome(), (outcome) =>
        recording()
          ? recorded('decider', this.plan.subject, outline, () => settle(outcome))
          : settle(outcome),
      ),
    );
  }

  /** What a terminal step returns: nothing for a sync decider, a watched promise for an async one. */
  private done(result: MaybePromise<void>): Done {
    if (!isThenable(result)) return result as Done;
    return watchedScenario(result, () => `scenario: when ${describeMessage(this.command, 80)}`) as Done;
  }

  private outcome() {
    return runDecider(this.decider, this.plan, this.command);
  }

  /** Fails the step when `decide` changed the state it was given (when the check is on). */
  private requireStateUnchanged(
    step: string,
    outcome: DeciderOutcome<Event, State>,
    outline: ScenarioOutline | (() => ScenarioOutline),
  ): void {
    if (outcome.stateSnapshot === undefined) return;
    const failure = stateChangedBy(step, outcome.stateBefore, outcome.stateSnapshot, outline);
    if (failure) throw failure;
  }

  private outline(then: string | (() => string), thenEvents?: readonly unknown[]): ScenarioOutline {
    return {
      ...(this.plan.explicitAt ? { at: new Date(this.plan.atMs) } : {}),
      given: historySteps(this.plan),
      when: this.command,
      then,
      ...(thenEvents ? { thenEvents } : {}),
    };
  }

  private requireArray(step: string, value: unknown, instead: string): void {
    if (Array.isArray(value)) return;
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_THEN_NOT_ARRAY',
      `${step}() takes an array of expected events, but got ${value === null ? 'null' : typeof value}` +
        ` (${formatInline(value, 60)}). Wrap a single event in brackets: ${step}([event]); for no events use ${instead}.`,
    );
  }
}
