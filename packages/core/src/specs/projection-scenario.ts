import { EventspecUsageError } from '../errors/eventspec-error.js';
import { describeDifference } from '../format/describe-difference.js';
import { formatInline } from '../format/format-value.js';
import { typeName } from '../format/type-name.js';
import { type CompareMode, differencesIn, equalsIn } from '../matching/compare.js';
import { checkOptionKeys } from '../options/option-keys.js';
import { checkModel } from './check-model.js';
import type { ScenarioOutline } from './describe-scenario.js';
import { andThen, forEachInOrder, isThenable, type MaybePromise } from './maybe-async.js';
import { freshModel, modelCopy, type Projection, runProjection } from './projection-run.js';
import { lateRedeliveries, type ProjectionVariant, streamReorders } from './projection-variants.js';
import { scenarioFailure, unfinishedScenario } from './scenario-failure.js';
import { recorded } from './scenario-record.js';
import { stepTimeout } from './spec-settings.js';
import { watchedScenario } from './unawaited-scenarios.js';

export type { Projection } from './projection-run.js';

/** Options of {@link projectionScenario}. */
export interface ProjectionScenarioOptions<Event = never> {
  /** What the projection is called, for reports. */
  name?: string;
  /**
   * Also deliver every event twice in a row and fail if the duplicate changed the read model — the
   * cheap idempotency check, for projections fed by an at-least-once broker.
   * @default false
   */
  deliverTwice?: boolean;
  /**
   * `'late'`: also deliver each event again after all the later events (a redelivery that arrives late,
   * after a broker's retry) and fail if that changed the final read model.
   */
  redeliver?: 'late';
  /**
   * Also deliver the events of different streams in other orders — each stream's own events stay in
   * order — and fail if that changed the final read model: for projections fed by several partitions.
   * `streamOf` names an event's stream (its aggregate id, its partition key).
   */
  reorder?: { streamOf(event: Event): unknown };
  /**
   * How long an async `project` may take for one event before the scenario fails (ms).
   * @default 2000 (or `configureSpecs({ timeout })`)
   */
  timeout?: number;
}

const optionKeys = ['deliverTwice', 'name', 'redeliver', 'reorder', 'timeout'];

/**
 * A spec of a projection: given events, then the read model.
 * @example projectionScenario(orderSummary, { deliverTwice: true }).given([orderPlaced, orderPaid]).then(expectedSummary);
 */
export function projectionScenario<Event, ReadModel>(
  projection: Projection<Event, ReadModel>,
  options: ProjectionScenarioOptions<Event> = {},
): ProjectionScenario<Event, ReadModel, ProjectionDone<ReturnType<Projection<Event, ReadModel>['project']>>> {
  checkModel('projectionScenario()', projection);
  checkProjectionOptions(options);
  freshModel(projection as Projection<unknown, ReadModel>);
  return new ProjectionScenario(projection, options ?? {}, []);
}

function checkProjectionOptions(options: unknown): void {
  checkOptionKeys('projectionScenario()', options, optionKeys);
  const { redeliver, reorder } = (options ?? {}) as ProjectionScenarioOptions<unknown>;
  if (redeliver !== undefined && redeliver !== 'late') {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_OPTIONS',
      `projectionScenario(): redeliver is 'late' (each event again after the later ones), but got ${formatInline(redeliver, 40)}. ` +
        'For a duplicate right after the event, use deliverTwice: true.',
    );
  }
  if (reorder !== undefined && typeof reorder?.streamOf !== 'function') {
    throw new EventspecUsageError(
      'EVENTSPEC_SPEC_BAD_OPTIONS',
      'projectionScenario(): reorder takes { streamOf: (event) => stream }, naming the stream of each event ' +
        '(events of one stream keep their order), but got ' +
        `${formatInline(reorder, 60)}.`,
    );
  }
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
    private readonly options: ProjectionScenarioOptions<Event>,
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
      onRejected(unfinishedScenario('projection'));
      return undefined as Done;
    }
    return this.check('then()', expected, 'strict');
  }

  /** Expects a read model matching this pattern (only the keys it names; asymmetric matchers allowed). */
  thenMatch(pattern: unknown): Done {
    return this.check('thenMatch()', pattern, 'pattern');
  }

  private check(step: string, expected: unknown, mode: CompareMode): Done {
    const outline: ScenarioOutline = {
      given: this.events.map((value) => ({ kind: 'event' as const, value })),
      then: `the read model${this.alsoChecked()}`,
    };
    const inOrder = this.events.map((_, i) => i);
    const reference = this.run(inOrder, this.options.deliverTwice === true);
    const result = andThen(reference, ({ model, after }) =>
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
              { actual: model, expected },
            );
          }
          const twice = this.options.deliverTwice ? this.checkTwice(step, outline, after) : undefined;
          return andThen(twice, () => this.checkVariants(step, outline, modelCopy(model)));
        },
      ),
    );
    if (!isThenable(result)) return result as Done;
    return watchedScenario(
      result,
      () => `projectionScenario${this.options.name ? ` ${this.options.name}` : ''}: ${step}`,
    ) as Done;
  }

  /** ` (also: each event twice, late redelivery, streams reordered)`: the checks the options add. */
  private alsoChecked(): string {
    const checks = [
      ...(this.options.deliverTwice ? ['each event twice'] : []),
      ...(this.options.redeliver === 'late' ? ['each event redelivered late'] : []),
      ...(this.options.reorder ? ['streams reordered'] : []),
    ];
    return checks.length === 0 ? '' : ` (also: ${checks.join(', ')})`;
  }

  /** Each event delivered twice in a row: the model after the duplicate must be the model after the event. */
  private checkTwice(step: string, outline: ScenarioOutline, reference: ReadModel[]): MaybePromise<void> {
    const doubled = this.events.flatMap((_, i) => [i, i]);
    return andThen(this.run(doubled, true), ({ after }) => {
      const index = reference.findIndex((once, i) => !equalsIn('strict', after[2 * i + 1], once));
      if (index < 0) return;
      const labels = { expected: 'once', actual: 'twice' };
      throw this.notIdempotent(
        step,
        outline,
        `delivering given[${index}] ${typeName(this.events[index])} twice`,
        index,
        after[2 * index + 1] as ReadModel,
        reference[index] as ReadModel,
        labels,
      );
    });
  }

  /** Late redeliveries and stream reorders: each must leave the final model as the reference run did. */
  private checkVariants(step: string, outline: ScenarioOutline, reference: ReadModel): MaybePromise<void> {
    const variants: ProjectionVariant[] = [
      ...(this.options.redeliver === 'late' ? lateRedeliveries(this.events) : []),
      ...(this.options.reorder ? streamReorders(this.events, this.options.reorder.streamOf as never) : []),
    ];
    return forEachInOrder(variants, (variant) =>
      andThen(this.run(variant.order), (run) => {
        const model = modelCopy(run.model);
        if (equalsIn('strict', model, reference)) return;
        throw this.notIdempotent(
          step,
          outline,
          variant.what,
          variant.event,
          model,
          reference,
          variant.labels,
        );
      }),
    );
  }

  private notIdempotent(
    step: string,
    outline: ScenarioOutline,
    what: string,
    event: number | undefined,
    actual: ReadModel,
    expected: ReadModel,
    labels: ProjectionVariant['labels'],
  ) {
    const lines = [
      ...(event === undefined
        ? []
        : [
            `  event  given[${event}] ${typeName(this.events[event])}: ${formatInline(this.events[event], 90)}`,
          ]),
      ...differencesIn('strict', actual, expected).map((d) => `  ${describeDifference(d, 'model', labels)}`),
    ];
    return scenarioFailure(
      'EVENTSPEC_SPEC_PROJECTION_NOT_IDEMPOTENT',
      `${step} failed: the projection is not idempotent: ${what} changed the read model.`,
      outline,
      lines,
      { actual, expected },
    );
  }

  private run(order: readonly number[], keepEach = false) {
    return runProjection(
      this.projection,
      this.events,
      order,
      stepTimeout({ ...(this.options.timeout === undefined ? {} : { timeout: this.options.timeout }) }),
      keepEach,
    );
  }
}
