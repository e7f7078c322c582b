import { EventspecUsageError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { type CompareMode, differencesIn, equalsIn } from '../matching/compare.js';
import { initialStateOf } from './decider.js';
import { andThen, forEachInOrder, type MaybePromise } from './maybe-async.js';
import { scenarioFailure, unfinishedScenario } from './scenario-failure.js';
import { recorded } from './scenario-record.js';

/** A projection: folds events into a read model, returning the new model or updating it in place. */
export interface Projection<Event, ReadModel> {
  initialState: ReadModel | (() => ReadModel);
  project(model: ReadModel, event: Event): ReadModel | undefined | PromiseLike<ReadModel | undefined>;
}

/** Options of {@link projectionScenario}. */
export interface ProjectionScenarioOptions {
  /** What the projection is called, for reports. */
  name?: string;
  /**
   * Also deliver every event twice in a row and fail if the duplicate changed the read model — the
   * cheap idempotency check, for projections fed by an at-least-once broker.
   * @default false
   */
  deliverTwice?: boolean;
}

/**
 * A spec of a projection: given events, then the read model.
 * @example projectionScenario(orderSummary, { deliverTwice: true }).given([orderPlaced, orderPaid]).then(expectedSummary);
 */
export function projectionScenario<Event, ReadModel>(
  projection: Projection<Event, ReadModel>,
  options: ProjectionScenarioOptions = {},
): ProjectionScenario<Event, ReadModel, ProjectionDone<ReturnType<Projection<Event, ReadModel>['project']>>> {
  return new ProjectionScenario(projection, options, []);
}

type ProjectionDone<Result> = [Extract<Result, PromiseLike<unknown>>] extends [never]
  ? // biome-ignore lint/suspicious/noConfusingVoidType: what a terminal step returns
    void
  : void | Promise<void>;

/** The stages of {@link projectionScenario}. */
export class ProjectionScenario<Event, ReadModel, Done> {
  /** @internal */
  constructor(
    private readonly projection: Projection<Event, ReadModel>,
    private readonly options: ProjectionScenarioOptions,
    private readonly events: readonly Event[],
  ) {}

  /** The events to project, in order. */
  given(events: readonly Event[]): ProjectionScenario<Event, ReadModel, Done> {
    if (!Array.isArray(events)) {
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_GIVEN_NOT_ARRAY',
        'given() takes an array of events to project: given([event]).',
      );
    }
    return new ProjectionScenario(this.projection, this.options, [...this.events, ...events]);
  }

  /** Expects exactly this read model (strict deep equality). */
  then(expected: ReadModel): Done;
  /** @deprecated Awaiting a projection scenario without then(...) fails: it would check nothing. */
  then(onFulfilled: (value: never) => unknown, onRejected?: (reason: unknown) => unknown): Done;
  then(expected: unknown, onRejected?: (reason: unknown) => unknown): Done {
    if (typeof expected === 'function' && typeof onRejected === 'function') {
      onRejected(unfinishedScenario(true));
      return undefined as Done;
    }
    return this.check('then()', expected, 'strict');
  }

  /** Expects a read model matching this pattern (only the keys it names; asymmetric matchers allowed). */
  thenMatch(pattern: unknown): Done {
    return this.check('thenMatch()', pattern, 'pattern');
  }

  private check(step: string, expected: unknown, mode: CompareMode): Done {
    const outline = {
      given: this.events.map((value) => ({ kind: 'event' as const, value })),
      then: 'the read model',
    };
    const once = this.project(1);
    return andThen(once, ({ model, models: reference }) =>
      recorded(
        'projection',
        this.options.name,
        () => outline,
        () => {
          if (!equalsIn(mode, model, expected)) {
            const lines = differencesIn(mode, model, expected).map(
              (d) => `  ${describeDifference(d, 'model')}`,
            );
            throw scenarioFailure(
              'EVENTSPEC_SPEC_READ_MODEL_MISMATCH',
              `${step} failed: the read model differs.`,
              outline,
              lines,
              {
                actual: model,
                expected,
              },
            );
          }
          if (!this.options.deliverTwice) return;
          return andThen(this.project(2), ({ models }) => {
            const index = models.findIndex((twice, i) => !equalsIn('strict', twice, reference[i]));
            if (index < 0) return;
            const event = this.events[index];
            const lines = [
              `  event  given[${index}] ${typeName(event)}: ${formatInline(event, 90)}`,
              ...differencesIn('strict', models[index], reference[index]).map(
                (d) =>
                  `  ${describeDifference(d, 'model').replace('expected', 'once').replace('received', 'twice')}`,
              ),
            ];
            throw scenarioFailure(
              'EVENTSPEC_SPEC_PROJECTION_NOT_IDEMPOTENT',
              `${step} failed: the projection is not idempotent: delivering given[${index}] ${typeName(event)} twice changed the read model.`,
              outline,
              lines,
              { actual: models[index], expected: reference[index] },
            );
          });
        },
      ),
    ) as Done;
  }

  /** Projects the events, each delivered `times` times in a row; keeps the model after each event. */
  private project(times: number): MaybePromise<{ model: ReadModel; models: ReadModel[] }> {
    let model = initialStateOf(this.projection);
    const models: ReadModel[] = [];
    const deliveries = this.events.flatMap((event, index) =>
      Array.from({ length: times }, (_, n) => ({ event, index, last: n === times - 1 })),
    );
    const done = forEachInOrder(deliveries, ({ event, last }) =>
      andThen(this.projection.project(model, event), (next) => {
        if (next !== undefined) model = next;
        if (last) models.push(snapshot(model));
      }),
    );
    return andThen(done, () => ({ model, models }));
  }
}

/** A copy of a read model kept for comparison; models updated in place would otherwise change under us. */
function snapshot<T>(model: T): T {
  try {
    const copy = structuredClone(model);
    return typeof model === 'object' && model !== null
      ? Object.setPrototypeOf(copy as object, Object.getPrototypeOf(model))
      : copy;
  } catch {
    return model;
  }
}
