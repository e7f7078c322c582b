import type { SyncDecider } from './decider.js';

/** How to drive a class-based aggregate: the methods eventspec calls on it. */
export interface AggregateAdapter<Aggregate, Command, Event> {
  /** A new, empty aggregate. */
  create(): Aggregate;
  /** Applies a past event while rebuilding the aggregate (without recording it as new). */
  apply(aggregate: Aggregate, event: Event): void;
  /** Calls the command method for `command`; the method records events or throws to reject it. */
  execute(aggregate: Aggregate, command: Command): void;
  /** The events the command method recorded (and, if the aggregate keeps them, clears them). */
  recorded(aggregate: Aggregate): readonly Event[];
}

const histories = new WeakMap<object, unknown[]>();

/**
 * A decider over a class-based aggregate (command methods that record events, apply methods that
 * rebuild state), so its specs use `scenario(...)` like any decider. Each command runs on a fresh
 * aggregate rebuilt from the history, so the aggregate in the state is never touched by a rejected command.
 * @example
 * const cart = fromAggregate({
 *   create: () => new Cart(),
 *   apply: (cart, event) => cart.apply(event),
 *   execute: (cart, command) => cart.handle(command),
 *   recorded: (cart) => cart.pullEvents(),
 * });
 */
export function fromAggregate<Aggregate extends object, Command, Event>(
  adapter: AggregateAdapter<Aggregate, Command, Event>,
): SyncDecider<Command, Event, Aggregate> {
  const rebuild = (history: readonly Event[]): Aggregate => {
    const aggregate = adapter.create();
    for (const event of history) adapter.apply(aggregate, event);
    histories.set(aggregate, [...history]);
    return aggregate;
  };
  return {
    initialState: () => rebuild([]),
    decide(command, aggregate) {
      const working = rebuild((histories.get(aggregate) ?? []) as Event[]);
      adapter.execute(working, command);
      return [...adapter.recorded(working)];
    },
    evolve(aggregate, event) {
      adapter.apply(aggregate, event);
      const history = histories.get(aggregate);
      if (history) history.push(event);
      else histories.set(aggregate, [event]);
      return aggregate;
    },
  };
}
