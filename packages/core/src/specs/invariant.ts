import fc from 'fast-check';
import { EventspecError } from '../errors/eventspec-error.js';
import { freshSeed } from '../options/fresh-seed.js';
import { emitSpecRecord, recording } from '../records/spec-record.js';
import type { DecideContext, Decider } from './decider.js';
import { eventsOf } from './decider.js';
import { describeViolation, type InvariantTrace } from './invariant-report.js';
import { andThen, isThenable, type MaybePromise, settle } from './maybe-async.js';
import { type DeciderPlan, replayHistory } from './run-decider.js';

/** Options of `invariant(...)`. */
export interface InvariantOptions<Command> {
  /** The commands to try, as a fast-check arbitrary; sequences of them are generated and shrunk. */
  commands: fc.Arbitrary<Command>;
  /**
   * How many command sequences to try.
   * @default 100
   */
  runs?: number;
  /**
   * The longest command sequence tried.
   * @default 20
   */
  maxCommands?: number;
  /** Replays a search: the seed a failure printed. */
  seed?: number;
  /** Replays a search: the path a failure printed, straight to the shrunk counterexample. */
  path?: string;
  /** What the decider is called, for reports (defaults to the scenario's name). */
  subject?: string;
}

/** What an invariant check tried, for reports. */
export interface InvariantReport {
  name: string;
  runs: number;
  seed: number;
  /** Commands decided over all runs, and how many of them were rejected. */
  commands: number;
  rejected: number;
}

/** Runs fast-check over command sequences and checks `predicate` on every state reached. */
export function checkInvariant<Command, Event, State, Context extends DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  plan: DeciderPlan<Command, Event, Context>,
  name: string,
  predicate: (state: State) => boolean | undefined,
  options: InvariantOptions<Command>,
): MaybePromise<InvariantReport> {
  const { runs = 100, maxCommands = 20, seed = freshSeed(), path } = options;
  const sequences = fc.array(options.commands, { maxLength: maxCommands });
  const tally = { commands: 0, rejected: 0 };
  const run = (commands: readonly Command[]) => trace(decider, plan, predicate, commands, tally);
  const parameters = { numRuns: runs, seed, ...(path === undefined ? {} : { path }) };
  const finish = (details: fc.RunDetails<[Command[]]>): MaybePromise<InvariantReport> => {
    if (!details.failed) {
      const report = { name, runs: details.numRuns, seed, ...tally };
      if (recording())
        emitSpecRecord({
          kind: 'invariant',
          ...report,
          status: 'passed',
          ...(options.subject ? { subject: options.subject } : {}),
        });
      return report;
    }
    const counterexample = details.counterexample?.[0];
    if (!counterexample) throw details.errorInstance;
    return andThen(run(counterexample), (found) => {
      throw new EventspecError(
        'EVENTSPEC_SPEC_INVARIANT_BROKEN',
        describeViolation(name, predicate, plan, found, {
          seed: details.seed,
          path: details.counterexamplePath ?? '',
        }),
        { cause: found.error },
      );
    });
  };
  const failsOn = (found: InvariantTrace<Command, Event, State>) => {
    if (found.broken) throw found.error ?? new Error('invariant broken');
  };
  const sample = fc.sample(options.commands, { numRuns: 1, seed })[0];
  const probe =
    sample === undefined
      ? undefined
      : trace(decider, plan, predicate, [sample], { commands: 0, rejected: 0 });
  if (probe !== undefined && isThenable(probe)) {
    return Promise.resolve(probe).then(() =>
      fc
        .check(
          fc.asyncProperty(sequences, async (commands) => failsOn(await run(commands))),
          parameters,
        )
        .then(finish),
    );
  }
  return finish(
    fc.check(
      fc.property(sequences, (commands) => failsOn(run(commands) as InvariantTrace<Command, Event, State>)),
      parameters,
    ),
  );
}

/** Decides `commands` in turn from the given history, checking the predicate after each. */
function trace<Command, Event, State, Context extends DecideContext>(
  decider: Decider<Command, Event, State, Context>,
  plan: DeciderPlan<Command, Event, Context>,
  predicate: (state: State) => boolean | undefined,
  commands: readonly Command[],
  tally: { commands: number; rejected: number },
): MaybePromise<InvariantTrace<Command, Event, State>> {
  return andThen(replayHistory(decider, plan), ({ state: start, context }) => {
    const found: InvariantTrace<Command, Event, State> = { steps: [], state: start, broken: false };
    const holds = (state: State): boolean => {
      const verdict = settle(() => predicate(state));
      if (isThenable(verdict)) throw new TypeError('An invariant predicate must be synchronous.');
      if (verdict.ok && verdict.value !== false) return true;
      found.broken = true;
      found.state = state;
      found.error = verdict.ok ? undefined : verdict.error;
      return false;
    };
    if (!holds(start)) return found;
    const step = (index: number, state: State): MaybePromise<InvariantTrace<Command, Event, State>> => {
      if (index >= commands.length) return found;
      const command = commands[index] as Command;
      tally.commands++;
      return andThen(
        settle(() => decider.decide(command, state, context)),
        (decided) => {
          if (!decided.ok) {
            tally.rejected++;
            found.steps.push({ command, rejected: decided.error });
            return step(index + 1, state);
          }
          const events = eventsOf(decided.value);
          let next = state;
          for (const event of events) next = decider.evolve(next, event);
          found.steps.push({ command, events });
          found.state = next;
          return holds(next) ? step(index + 1, next) : found;
        },
      );
    };
    return step(0, start);
  });
}
