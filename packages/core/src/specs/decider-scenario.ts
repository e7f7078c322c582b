import { type Instant, toEpochMs } from '../clock/instant.js';
import { defaultStartInstant } from '../clock/virtual-clock.js';
import { EventspecUsageError } from '../errors/eventspec-error.js';
import { checkOptionKeys } from '../options/option-keys.js';
import type { DecideContext, Decider } from './decider.js';
import { DeciderWhenStage } from './decider-when-stage.js';
import { type GivenEntry, isGivenCommand } from './given-command.js';
import { checkInvariant, type InvariantOptions, type InvariantReport } from './invariant.js';
import { checkInvariantOptions } from './invariant-options.js';
import { type DeciderPlan, timedCommand } from './run-decider.js';
import { unfinishedScenario } from './scenario-failure.js';
import { detectsStateChange, type SpecSettings } from './spec-settings.js';

/** Options of {@link scenario}. */
export interface ScenarioOptions<Context extends DecideContext> extends SpecSettings {
  /** What `decide` receives as its third argument besides `now()`: services, configuration, … */
  context?: Omit<Context, 'now'>;
  /** What the scenario is about (the aggregate's name), for reports. */
  name?: string;
}

/** The start of a decider scenario: a history (`given`), a time (`at`), then a command (`when`). */
export class DeciderScenario<Command, Event, State, Context extends DecideContext, Done> {
  /** @internal */
  constructor(
    private readonly decider: Decider<Command, Event, State, Context>,
    private readonly plan: DeciderPlan<Command, Event, Context>,
  ) {}

  /** Sets the virtual time that commands from here on are decided at (what `context.now()` returns). */
  at(instant: Instant): DeciderScenario<Command, Event, State, Context, Done> {
    const atMs = toEpochMs(instant, 'scenario(...).at()');
    return new DeciderScenario(this.decider, { ...this.plan, atMs, explicitAt: true });
  }

  /** Past events (and commands wrapped with `command(...)`), applied in order before `when`. */
  given(
    history: readonly GivenEntry<Command, Event>[],
  ): DeciderScenario<Command, Event, State, Context, Done> {
    if (!Array.isArray(history)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_GIVEN_NOT_ARRAY',
        `given() takes an array of past events, but got ${describeArgument(history)}. ` +
          'Wrap a single event in brackets: given([event]); for no history, leave given() out.',
      );
    }
    let commands = 0;
    for (const entry of history) if (isGivenCommand(entry)) commands++;
    const entries =
      commands > 0
        ? history.map((entry) =>
            isGivenCommand<Command>(entry) ? timedCommand(entry.command, this.plan.atMs) : (entry as Event),
          )
        : (history as readonly Event[]);
    return new DeciderScenario(this.decider, {
      ...this.plan,
      history: this.plan.history.concat(entries),
      givenCommands: this.plan.givenCommands + commands,
    });
  }

  /** The command under test. */
  when(command: Command): DeciderWhenStage<Command, Event, State, Context, Done> {
    if (command === undefined) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_NO_WHEN',
        'when() needs the command under test: when(command).',
      );
    }
    return new DeciderWhenStage(this.decider, this.plan, command);
  }

  /**
   * Checks `predicate` on every state reached by random command sequences (fast-check), starting from the
   * given history; rejected commands are allowed and leave the state as it was.
   */
  invariant(
    name: string,
    predicate: (state: State) => boolean | undefined,
    options: InvariantOptions<Command>,
  ): Done extends void ? InvariantReport : Promise<InvariantReport> {
    checkOptionKeys('invariant()', options, invariantOptionKeys);
    checkInvariantOptions((options ?? {}) as unknown as Record<string, unknown>);
    return checkInvariant(this.decider, this.plan, name, predicate, {
      ...(this.plan.subject === undefined ? {} : { subject: this.plan.subject }),
      ...options,
    }) as never;
  }

  /**
   * Not a terminal step: a scenario needs `when(command)` before `then(...)`. Awaiting a scenario here
   * fails, since it would check nothing.
   */
  then(expected: unknown, onRejected?: (reason: unknown) => unknown): never {
    if (typeof expected === 'function' || typeof onRejected === 'function') {
      const reject = onRejected ?? (() => undefined);
      reject(unfinishedScenario('decider-start'));
      return undefined as never;
    }
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_NO_WHEN',
      'then() was called before when(): a scenario checks what a command does. ' +
        'Write scenario(decider).given([...history]).when(command).then([...expected events]).',
    );
  }
}

const invariantOptionKeys = ['commands', 'maxCommands', 'path', 'runs', 'seed', 'subject'];

/** A fresh plan at the default virtual time. */
export function emptyPlan<Command, Event, Context>(
  context: Omit<Context, 'now'> | undefined,
  settings: SpecSettings = {},
  subject?: string,
): DeciderPlan<Command, Event, Context> {
  const plan: DeciderPlan<Command, Event, Context> = {
    history: [],
    givenCommands: 0,
    atMs: defaultStartInstant.getTime(),
    explicitAt: false,
    context,
    settings,
    detectStateChange: detectsStateChange(settings),
  };
  if (subject !== undefined) plan.subject = subject;
  return plan;
}

function describeArgument(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object'
    ? `an object (${Object.keys(value).slice(0, 3).join(', ') || 'no keys'})`
    : typeof value;
}
