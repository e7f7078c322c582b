import { EventspecUsageError } from '../errors/eventspec-error.js';
import { describeTypes, type ScenarioOutline } from '../specs/describe-scenario.js';
import {
  describeErrorExpectation,
  type ErrorExpectation,
  errorExpectation,
  mismatchOf,
} from '../specs/error-expectation.js';
import { compareEvents, sameEvents } from '../specs/event-sequence.js';
import { describeThrown, scenarioFailure } from '../specs/scenario-failure.js';
import { recorded } from '../specs/scenario-record.js';
import type { EventContracts } from './event-contracts.js';
import type { Upcasters } from './upcasters.js';

/** Options of {@link upcasterScenario}. */
export interface UpcasterScenarioOptions<Message = unknown> {
  /**
   * The contracts of the stored events (a `ContractRegistry` of `@eventspec/contracts`): `then()` also
   * checks each given event against the contract of its version, and each upcast event against the
   * contract of its latest version.
   */
  contracts?: EventContracts<Message>;
  /**
   * The message a stored event is checked as.
   * @default (event) => ({ data: its JSON }): the event as a store keeps it, dates as ISO strings
   */
  messageOf?: (event: object) => Message;
}

/**
 * A spec of upcasters: given stored events of old versions, then the events they become at the latest
 * versions.
 * @example upcasterScenario(upcasters, { contracts }).given([orderPlacedV1]).then([orderPlacedV3]);
 */
export function upcasterScenario<Stored extends object, Latest extends object, Message = unknown>(
  upcasters: Upcasters<Stored, Latest>,
  options: UpcasterScenarioOptions<Message> = {},
): UpcasterScenario<Stored, Latest> {
  return new UpcasterScenario(upcasters, [], options);
}

/** The stages of {@link upcasterScenario}. */
export class UpcasterScenario<Stored extends object, Latest extends object> {
  /** @internal */
  constructor(
    private readonly upcasters: Upcasters<Stored, Latest>,
    private readonly stored: readonly Stored[],
    private readonly options: UpcasterScenarioOptions = {},
  ) {}

  /** The stored events, of any versions, in order. */
  given(stored: readonly Stored[]): UpcasterScenario<Stored, Latest> {
    if (!Array.isArray(stored)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_GIVEN_NOT_ARRAY',
        'given() takes an array of stored events: given([event]).',
      );
    }
    return new UpcasterScenario(this.upcasters, [...this.stored, ...stored], this.options);
  }

  /** Expects exactly these events at the latest versions, in order (strict deep equality). */
  then(expected: readonly Latest[]): void {
    recorded(
      'upcaster',
      undefined,
      () => this.outlineOf(describeTypes(expected)),
      () => this.checkThen(expected),
    );
  }

  private outlineOf(then: string) {
    return {
      given: this.stored.map((value) => ({ kind: 'event' as const, value })),
      whenLabel: 'upcast to the latest versions',
      then,
    };
  }

  private checkThen(expected: readonly Latest[]): void {
    const outline = () => ({
      given: this.stored.map((value) => ({ kind: 'event' as const, value })),
      when: { type: 'upcast' },
      whenLabel: 'upcast to the latest versions',
      then: describeTypes(expected),
    });
    let actual: Latest[];
    try {
      actual = this.upcasters.upcastAll(this.stored);
    } catch (error) {
      throw scenarioFailure(
        'EVENTSPEC_SPEC_UNEXPECTED_ERROR',
        `then() failed: upcasting threw ${describeThrown(error)}.`,
        outline,
        [],
        undefined,
        error,
      );
    }
    this.checkContracts(actual, outline);
    if (sameEvents(actual, expected)) return;
    const { lines, summary } = compareEvents(actual, expected, 'strict');
    throw scenarioFailure('EVENTSPEC_SPEC_EVENTS_MISMATCH', `then() failed: ${summary}.`, outline, lines, {
      actual,
      expected,
    });
  }

  private checkContracts(actual: readonly Latest[], outline: () => ScenarioOutline): void {
    const { contracts, messageOf } = this.options;
    if (contracts === undefined) return;
    const idOf = (event: Stored | Latest) => {
      const { type, version } = this.upcasters.versionOf(event);
      return `${type}@${version}`;
    };
    const found = contracts.checkEvents(
      [
        ...this.stored.map((event, i) => ({ what: `given [${i}] (${idOf(event)})`, event, id: idOf(event) })),
        ...actual.map((event, i) => ({ what: `upcast [${i}] (${idOf(event)})`, event, id: idOf(event) })),
      ],
      messageOf,
    );
    if (found.lines.length === 0) return;
    throw scenarioFailure(
      'EVENTSPEC_EVOLUTION_CONTRACT_VIOLATED',
      'then() failed: stored events or their upcasts do not satisfy their contracts. Fix the event to match the contract of its version, or the upcaster to produce what the latest contract describes.',
      outline,
      found.lines,
      { actual: found.actual, expected: found.expected },
    );
  }

  /** Expects upcasting to fail: a gap in a chain, a cycle, an upcaster that throws. */
  thenError(...expectation: ErrorExpectation): void {
    const wanted = errorExpectation(expectation);
    const outline = {
      given: this.stored.map((value) => ({ kind: 'event' as const, value })),
      whenLabel: 'upcast to the latest versions',
      then: `an error: ${describeErrorExpectation(wanted)}`,
    };
    let events: Latest[];
    try {
      events = this.upcasters.upcastAll(this.stored);
    } catch (error) {
      const mismatch = error instanceof Error ? mismatchOf(wanted, error) : 'it is not an Error';
      if (!mismatch) return;
      throw scenarioFailure(
        'EVENTSPEC_SPEC_WRONG_ERROR',
        `thenError() failed: upcasting threw ${describeThrown(error)}, but ${mismatch}.`,
        outline,
        [],
        undefined,
        error,
      );
    }
    throw scenarioFailure(
      'EVENTSPEC_SPEC_ERROR_EXPECTED',
      `thenError() failed: upcasting succeeded with ${events.length} events.`,
      outline,
      [],
    );
  }
}
