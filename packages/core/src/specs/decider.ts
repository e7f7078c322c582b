/** What a decider may read besides the command and its state: the (virtual) time. */
export interface DecideContext {
  /** The current time: the scenario's virtual clock in specs, the real clock in production. */
  now(): Date;
}

/** What `decide` returns: one event, several, or none (`[]` or `undefined`). */
export type Decision<Event> = Event | readonly Event[] | undefined;

/**
 * An event-sourced decision model: the current state is folded from past events with `evolve`, and
 * `decide` turns a command into new events (or throws to reject it).
 */
export interface Decider<Command, Event, State, Context extends DecideContext = DecideContext> {
  /** The state before any event; a function is called for a fresh state each time. */
  initialState: State | (() => State);
  decide(command: Command, state: State, context: Context): Decision<Event> | PromiseLike<Decision<Event>>;
  evolve(state: State, event: Event): State;
}

/** A decider whose `decide` never returns a promise: its scenarios run synchronously. */
export interface SyncDecider<Command, Event, State, Context extends DecideContext = DecideContext>
  extends Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): Decision<Event>;
}

/** A decider whose `decide` always returns a promise: its scenarios return promises. */
export interface AsyncDecider<Command, Event, State, Context extends DecideContext = DecideContext>
  extends Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): PromiseLike<Decision<Event>>;
}

/** A fresh initial state of a decider, a projection or a process manager. */
export function initialStateOf<State>(model: { initialState: State | (() => State) }): State {
  const { initialState } = model;
  return typeof initialState === 'function' ? (initialState as () => State)() : initialState;
}

/** The events of a decision as an array. */
export function eventsOf<Event>(decision: Decision<Event>): readonly Event[] {
  if (decision === undefined) return [];
  return Array.isArray(decision) ? (decision as readonly Event[]) : [decision as Event];
}
