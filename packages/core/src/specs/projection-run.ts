import { EventspecError, EventspecUsageError } from '../errors/eventspec-error.js';
import { formatPath } from '../format/format-path.js';
import { typeName } from '../format/type-name.js';
import { copyValue } from '../matching/copy-value.js';
import { andThen, forEachInOrder, isThenable, type MaybePromise } from './maybe-async.js';
import { describeThrown } from './scenario-failure.js';
import { within } from './step-timeout.js';

/** A projection: folds events into a read model, returning the new model or updating it in place. */
export interface Projection<Event, ReadModel> {
  /**
   * The read model before any event: a factory, or a value that is copied for every run (so a model
   * updated in place never leaks into the next run). A value must be plain data — objects, arrays, Maps,
   * Sets, Dates — since instances of your classes are not copied: give those as a factory.
   */
  initialState: ReadModel | (() => ReadModel);
  project(model: ReadModel, event: Event): ReadModel | undefined | PromiseLike<ReadModel | undefined>;
}

/** The read model a run starts from: the factory's, or a fresh copy of the value. */
export function freshModel<ReadModel>(projection: Projection<unknown, ReadModel>): ReadModel {
  const { initialState } = projection;
  if (typeof initialState === 'function') return (initialState as () => ReadModel)();
  return copyValue(initialState, {
    refuse(instance, path) {
      const name = Object.getPrototypeOf(instance)?.constructor?.name ?? 'class';
      throw new EventspecUsageError(
        'EVENTSPEC_SPEC_INITIAL_STATE_NOT_COPYABLE',
        `projectionScenario(): initialState holds a ${name} instance (at ${formatPath(path, 'initialState')}), ` +
          'which eventspec cannot copy for each run — its methods may rely on fields a copy lacks — and a ' +
          'model updated in place would leak from one run into the next. Give initialState as a factory: ' +
          `initialState: () => new ${name}(…).`,
      );
    },
  });
}

/**
 * What a run of deliveries left: the final model and, when asked for, a copy after each delivery (with
 * functions by their source, since each run's factory makes new closures).
 */
export interface ProjectionRun<ReadModel> {
  model: ReadModel;
  after: ReadModel[];
}

/** A copy of a model for comparing it with another run's: functions by their source text. */
export function modelCopy<ReadModel>(model: ReadModel): ReadModel {
  return copyValue(model, 'copy', 'by source');
}

/**
 * Delivers `events[order[k]]` for each k in turn from a fresh model; `keepEach` copies the model after
 * every delivery. An async `project` is awaited within `timeoutMs`; one that throws fails with the event.
 */
export function runProjection<Event, ReadModel>(
  projection: Projection<Event, ReadModel>,
  events: readonly Event[],
  order: readonly number[],
  timeoutMs: number,
  keepEach = false,
): MaybePromise<ProjectionRun<ReadModel>> {
  let model = freshModel(projection as Projection<unknown, ReadModel>);
  const after: ReadModel[] = [];
  const done = forEachInOrder(order, (index) => {
    const event = events[index] as Event;
    const where = () => `project of given[${index}] ${typeName(event)}`;
    let projected: ReturnType<typeof projection.project>;
    try {
      projected = projection.project(model, event);
    } catch (error) {
      throw projectFailed(where(), error);
    }
    const pending = isThenable(projected)
      ? within(projected, timeoutMs, where).catch((error: unknown) => {
          throw error instanceof EventspecError ? error : projectFailed(where(), error);
        })
      : projected;
    return andThen(pending, (next) => {
      if (next !== undefined) model = next;
      if (keepEach) after.push(modelCopy(model));
    });
  });
  return andThen(done, () => ({ model, after }));
}

function projectFailed(where: string, cause: unknown): EventspecError {
  return new EventspecError(
    'EVENTSPEC_SPEC_PROJECT_FAILED',
    `${where} threw ${describeThrown(cause)}. A projection must accept every event it is given: fix ` +
      'project, or leave the event out of given([...]) if the projection is never fed it.',
    { cause },
  );
}
