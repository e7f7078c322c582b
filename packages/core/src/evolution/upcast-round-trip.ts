import fc from 'fast-check';
import { EventspecError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { differencesIn, equalsIn } from '../matching/compare.js';
import { freshSeed } from '../options/fresh-seed.js';
import { initialStateOf } from '../specs/decider.js';
import { describeThrown } from '../specs/scenario-failure.js';
import type { Upcasters } from './upcasters.js';

/**
 * For each event type, how an event at its latest version is written at each older version; a writer
 * returns `undefined` for an event that version cannot express (it is then written at another).
 */
export type VersionWriters<Stored, Latest> = Record<
  string,
  Record<number, (event: Latest) => Stored | undefined>
>;

/** Options of {@link checkUpcastRoundTrip}. */
export interface UpcastRoundTripOptions<Stored extends object, Latest extends object, State> {
  /** What folds the events: a decider or a projection's `initialState` and `evolve`. */
  decider: { initialState: State | (() => State); evolve(state: State, event: Latest): State };
  upcasters: Upcasters<Stored, Latest>;
  /** Random histories at the latest versions. */
  histories: fc.Arbitrary<Latest[]>;
  /** How each type is written at its older versions; each event of a history is written at a random one. */
  writers: VersionWriters<Stored, Latest>;
  /**
   * How many histories to try.
   * @default 100
   */
  runs?: number;
  seed?: number;
  path?: string;
}

/** What a round-trip check tried. */
export interface UpcastRoundTripReport {
  runs: number;
  seed: number;
}

/**
 * The round-trip property of upcasters: for random histories, writing each event at a random older
 * version and upcasting it back gives the decider the same state as the history at the latest versions.
 */
export function checkUpcastRoundTrip<Stored extends object, Latest extends object, State>(
  options: UpcastRoundTripOptions<Stored, Latest, State>,
): UpcastRoundTripReport {
  const { decider, upcasters, writers, runs = 100, seed = freshSeed(), path } = options;
  const fold = (events: readonly Latest[]) =>
    events.reduce((state, event) => decider.evolve(state, event), initialStateOf(decider));
  const typeOf = (event: Latest) => String((event as { type?: unknown }).type);
  // Version picks shrink apart from the history, towards the oldest version of each event.
  const written = fc.tuple(options.histories, fc.array(fc.nat(), { maxLength: 64 }));
  const writeOld = (history: readonly Latest[], picks: readonly number[]) =>
    history.map((event, i) => {
      const type = typeOf(event);
      const byVersion = writers[type] ?? {};
      const options = Object.keys(byVersion)
        .map(Number)
        .flatMap((version) => {
          const stored = byVersion[version]!(event);
          return stored === undefined ? [] : [{ version, stored }];
        });
      return (
        options[(picks[i] ?? 0) % (options.length + 1)] ?? {
          version: upcasters.latestVersion(type),
          stored: event as unknown as Stored,
        }
      );
    });
  const details = fc.check(
    fc.property(written, ([history, picks]) => {
      const stored = writeOld(history, picks).map((w) => w.stored);
      return equalsIn('strict', fold(upcasters.upcastAll(stored)), fold(history));
    }),
    { numRuns: runs, seed, ...(path === undefined ? {} : { path }) },
  );
  if (!details.failed) return { runs: details.numRuns, seed };
  const [history, picks] = details.counterexample?.[0] ?? [[], []];
  const writtenOld = writeOld(history, picks);
  let lines: string[];
  try {
    const reference = fold(history);
    const upcast = fold(upcasters.upcastAll(writtenOld.map((w) => w.stored)));
    lines = differencesIn('strict', upcast, reference).map(
      (d) =>
        `    ${describeDifference(d, 'state').replace('expected', 'latest').replace('received', 'upcast')}`,
    );
  } catch (error) {
    lines = [`    upcasting or folding threw ${describeThrown(error)}`];
  }
  throw new EventspecError(
    'EVENTSPEC_EVOLUTION_ROUND_TRIP',
    [
      'Upcasting changes what the decider sees: the history written at older versions folds to another state.',
      '',
      ...history.map(
        (event, i) =>
          `  [${i}] ${typeOf(event)} written at @${writtenOld[i]!.version}: ${formatInline(writtenOld[i]!.stored, 90)}`,
      ),
      '',
      '  state (upcast history vs the history at the latest versions)',
      ...lines,
      '',
      `Replay: pass { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath ?? '')} } in the options.`,
    ].join('\n'),
    { cause: details.errorInstance },
  );
}
