import { EventspecError } from '../errors/eventspec-error.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { type DataSnapshot, snapshotOf } from '../matching/data-snapshot.js';
import { type DecideContext, type Decider, type Decision, initialStateOf } from './decider.js';
import { asyncEvolve, decisionEvents } from './decision.js';
import { describeMessage } from './describe-scenario.js';
import { andThen, isThenable, type MaybePromise, type Settled, settle } from './maybe-async.js';
import { causalityOptions, type SpecSettings, stepTimeout } from './spec-settings.js';
import { within } from './step-timeout.js';

/** One entry of a scenario's history, with the virtual time at which a command is decided. */
export type HistoryStep<Command, Event> =
  | { kind: 'event'; value: Event }
  | { kind: 'command'; value: Command; atMs: number };

const timedBrand: unique symbol = Symbol('eventspec.timedCommand');

/** A given command with the virtual time it is decided at, as a plan keeps it. */
export interface TimedCommand<Command> {
  readonly [timedBrand]: true;
  readonly command: Command;
  readonly atMs: number;
}

/** A plan's history entry: an event as given, or a command with its time. */
export type PlanEntry<Command, Event> = Event | TimedCommand<Command>;

/** Wraps a given command with the time it is decided at. */
export function timedCommand<Command>(command: Command, atMs: number): TimedCommand<Command> {
  return { [timedBrand]: true, command, atMs };
}

function isTimedCommand<Command>(entry: unknown): entry is TimedCommand<Command> {
  return typeof entry === 'object' && entry !== null && timedBrand in entry;
}

/** The plan's history as steps, for failure output. */
export function historySteps<Command, Event>(
  plan: DeciderPlan<Command, Event, unknown>,
): HistoryStep<Command, Event>[] {
  return plan.history.map((entry) =>
    isTimedCommand<Command>(entry)
      ? { kind: 'command', value: entry.command, atMs: entry.atMs }
      : { kind: 'event', value: entry as Event },
  );
}

/** Everything a decider scenario was told before its terminal step. */
export interface DeciderPlan<Command, Event, Context> {
  history: readonly PlanEntry<Command, Event>[];
  /** How many entries of the history are commands (none: the history is folded without deciding). */
  givenCommands: number;
  /** The virtual time for what comes next; explicit when the user called `at(...)`. */
  atMs: number;
  explicitAt: boolean;
  context: Omit<Context, 'now'> | undefined;
  /** The scenario's own settings (causality, …), over the project's. */
  settings: SpecSettings;
  /** What the scenario is about, for reports: `scenario(decider, { name })`. */
  subject?: string;
  /** Whether to fail when `decide` changes the state it was given (`detectStateChange`). */
  detectStateChange: boolean;
}

/** What running `given` and `when` produced. */
export interface DeciderOutcome<Event, State> {
  stateBefore: State;
  result: Settled<readonly Event[]>;
  /** A snapshot of the state taken before `decide` ran, when the state-change check is on. */
  stateSnapshot?: DataSnapshot;
  /** Each command decided (given ones, then `when`) with the events it made, for the causality check. */
  links: { trigger: unknown; outputs: readonly Event[] }[];
}

/** The state a plan's history builds, with the context its commands were decided with. */
export interface Replayed<State, Context> {
  state: State;
  /** Each given command with the events it made. */
  links: { trigger: unknown; outputs: readonly unknown[] }[];
  /** Whether links are recorded: only when the causality check is on. */
  recordLinks: boolean;
  context: Context;
}

/** Folds the plan's history into a state, deciding its commands at their virtual times. */
export function replayHistory<Command, Event, State, Context extends DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  plan: DeciderPlan<Command, Event, Context>,
): MaybePromise<Replayed<State, Context>> {
  // The virtual time: each given command at its own, then the plan's (plain epoch ms; validated by at()).
  let nowMs = plan.atMs;
  const now = () => new Date(nowMs);
  const context = (plan.context === undefined ? { now } : { ...plan.context, now }) as Context;
  const recordLinks = causalityOptions(plan.settings) !== undefined;
  if (plan.givenCommands === 0)
    return { state: foldEvents(decider, plan.history as readonly Event[]), context, links: [], recordLinks };
  let state = initialStateOf(decider);
  const evolveOne = (event: Event, index: number, fromCommand: boolean) => {
    try {
      state = decider.evolve(state, event);
      if (isThenable(state as object)) throw asyncEvolve(typeName(event));
    } catch (error) {
      if (error instanceof EventspecError) throw error;
      const where = fromCommand ? `events of the command at given[${index}]` : `given[${index}]`;
      throw givenFailed(`evolve threw on ${typeName(event)} (${where})`, error);
    }
  };
  const links: Replayed<State, Context>['links'] = [];
  const applyDecided = (decided: Settled<Decision<Event>>, index: number, command: Command) => {
    if (!decided.ok)
      throw givenFailed(`decide rejected the command ${typeName(command)} at given[${index}]`, decided.error);
    const events = decisionEvents<Event>(decided.value, `decide of the command at given[${index}]`);
    if (recordLinks) links.push({ trigger: command, outputs: events });
    for (const event of events) evolveOne(event, index, true);
  };
  const { history } = plan;
  let next = 0;
  const replayFrom = (): MaybePromise<void> => {
    for (; next < history.length; next++) {
      const entry = history[next];
      if (!isTimedCommand<Command>(entry)) {
        try {
          state = decider.evolve(state, entry as Event);
        } catch (error) {
          throw givenFailed(`evolve threw on ${typeName(entry)} (given[${next}])`, error);
        }
        if (isThenable(state as object)) throw asyncEvolve(typeName(entry));
        continue;
      }
      nowMs = entry.atMs;
      const decided = settle(() => decider.decide(entry.command, state, context));
      if (isThenable(decided)) {
        const index = next++;
        const step = () => `decide of the command ${describeMessage(entry.command, 60)} at given[${index}]`;
        return within(decided, stepTimeout(plan.settings), step).then((outcome) => {
          applyDecided(outcome, index, entry.command);
          return replayFrom();
        });
      }
      applyDecided(decided, next, entry.command);
    }
    return undefined;
  };
  const built = replayFrom();
  return andThen(built, () => {
    nowMs = plan.atMs;
    return { state, context, links, recordLinks };
  });
}

/** The state a history of events only builds (the common case, kept to one plain loop). */
function foldEvents<Event, State>(
  decider: Decider<never, Event, State, never>,
  history: readonly Event[],
): State {
  let state = initialStateOf(decider);
  let index = 0;
  try {
    for (; index < history.length; index++) state = decider.evolve(state, history[index] as Event);
  } catch (error) {
    throw givenFailed(`evolve threw on ${typeName(history[index])} (given[${index}])`, error);
  }
  // An async evolve makes every state after the first event a promise: one look at the end finds it.
  if (isThenable(state as object)) throw asyncEvolve(typeName(history[0]));
  return state;
}

/** Builds the history, then decides the `when` command at the plan's time. */
export function runDecider<Command, Event, State, Context extends DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  plan: DeciderPlan<Command, Event, Context>,
  when: Command,
): MaybePromise<DeciderOutcome<Event, State>> {
  return andThen(replayHistory(decider, plan), ({ state, context, links, recordLinks }) => {
    const stateSnapshot = plan.detectStateChange ? snapshotOf(state) : undefined;
    const outcome = (result: Settled<readonly Event[]>): DeciderOutcome<Event, State> => {
      if (result.ok && recordLinks) links.push({ trigger: when, outputs: result.value });
      const done: DeciderOutcome<Event, State> = {
        stateBefore: state,
        result,
        links: links as DeciderOutcome<Event, State>['links'],
      };
      if (stateSnapshot) done.stateSnapshot = stateSnapshot;
      return done;
    };
    let decision: ReturnType<typeof decider.decide>;
    try {
      decision = decider.decide(when, state, context);
    } catch (error) {
      return outcome({ ok: false, error });
    }
    if (!isThenable(decision)) return outcome({ ok: true, value: decisionEvents(decision, 'decide') });
    const step = () => `decide of when(${describeMessage(when, 60)})`;
    return within(
      Promise.resolve(decision).then(
        (value) => ({ ok: true, value }) as const,
        (error: unknown) => ({ ok: false, error }) as const,
      ),
      stepTimeout(plan.settings),
      step,
    ).then((settled) =>
      outcome(settled.ok ? { ok: true, value: decisionEvents(settled.value, 'decide') } : settled),
    );
  });
}

function givenFailed(what: string, cause: unknown): EventspecError {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : formatInline(cause);
  return new EventspecError(
    'EVENTSPEC_SPEC_GIVEN_FAILED',
    `The scenario's history could not be built: ${what}.\n  ${reason}\n` +
      'A given history must be valid: check the events and commands passed to given(), in order.',
    { cause },
  );
}
