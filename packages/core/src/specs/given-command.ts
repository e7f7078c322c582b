const givenCommandBrand: unique symbol = Symbol('eventspec.givenCommand');

/** A command in a `given` history: the scenario runs it through `decide` and keeps the events it makes. */
export interface GivenCommand<Command> {
  readonly [givenCommandBrand]: true;
  readonly command: Command;
}

/** An entry of `given(...)`: an event, or a command wrapped with {@link command}. */
export type GivenEntry<Command, Event> = Event | GivenCommand<Command>;

/**
 * Marks a command in a `given` history, so that the history is built through `decide`.
 * @example scenario(cart).given([cartOpened, command(addItem)]).when(checkout).then([checkedOut])
 */
export function command<Command>(value: Command): GivenCommand<Command> {
  return { [givenCommandBrand]: true, command: value };
}

/** Whether a `given` entry is a command made with {@link command}. */
export function isGivenCommand<Command>(entry: unknown): entry is GivenCommand<Command> {
  return typeof entry === 'object' && entry !== null && givenCommandBrand in entry;
}
